import { ConsoleCssPath } from "./ConsoleStyle.js"

/** Where every console page lives: its forms post HTML form bodies, not JSON (BodyGuard.ts). */
export const ConsolePrefix = "/console/"

/** The console's routes as `[method, path]`, in registration order: Routes.ts lists them as they are. */
export const ConsoleRoutes = [
  ["GET", ConsoleCssPath],
  ["GET", "/console"],
  ["GET", "/console/requests"],
  ["GET", "/console/requests.csv"],
  ["GET", "/console/requests/:id"],
  ["POST", "/console/requests/:id/status"],
  ["POST", "/console/requests/:id/notes"],
  ["POST", "/console/requests/:id/extend"],
  ["GET", "/console/sign-in"],
  ["GET", "/console/sign-in/*"],
  ["POST", "/console/sign-in/*"],
  ["POST", "/console/sign-out"]
] as const
