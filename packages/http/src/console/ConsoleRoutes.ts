import { ConsoleCssPath } from "./ConsoleStyle.js"

/** Where every console page lives: its forms post HTML form bodies, not JSON (BodyGuard.ts). */
export const ConsolePrefix = "/console/"

/** The console's routes as `[method, path]`, in registration order: Routes.ts lists them as they are. */
export const ConsoleRoutes = [
  ["GET", "/"],
  ["GET", ConsoleCssPath],
  ["GET", "/console"],
  ["GET", "/console/requests"],
  ["GET", "/console/requests.csv"],
  ["GET", "/console/requests/:id"],
  ["POST", "/console/requests/:id/status"],
  ["POST", "/console/requests/:id/notes"],
  ["POST", "/console/requests/:id/extend"],
  ["POST", "/console/requests/:id/erase"],
  ["GET", "/console/requests/:id/evidence"],
  ["GET", "/console/settings"],
  ["GET", "/console/settings/operators"],
  ["POST", "/console/settings/operators"],
  ["POST", "/console/settings/operators/:id/role"],
  ["POST", "/console/settings/operators/:id/remove"],
  ["POST", "/console/settings/operators/:id/sessions"],
  ["POST", "/console/settings/operators/:id/link"],
  ["GET", "/console/settings/keys"],
  ["POST", "/console/settings/keys"],
  ["POST", "/console/settings/keys/:key/revoke"],
  ["GET", "/console/settings/redirect-domains"],
  ["POST", "/console/settings/redirect-domains"],
  ["GET", "/console/settings/webhooks"],
  ["POST", "/console/settings/webhooks"],
  ["GET", "/console/settings/webhooks/:id"],
  ["POST", "/console/settings/webhooks/:id/remove"],
  ["GET", "/console/settings/emails"],
  ["GET", "/console/settings/emails/:type"],
  ["POST", "/console/settings/emails/:type"],
  ["POST", "/console/settings/emails/:type/preview"],
  ["POST", "/console/settings/emails/:type/reset"],
  ["GET", "/console/sign-in"],
  ["POST", "/console/sign-in"],
  ["GET", "/console/sign-in/*"],
  ["POST", "/console/sign-in/*"],
  ["POST", "/console/sign-out"]
] as const
