import { ConsoleCssPath } from "./ConsoleStyle.js"

/** The console's routes as `[method, path]`, in registration order: Routes.ts lists them as they are. */
export const ConsoleRoutes = [
  ["GET", ConsoleCssPath],
  ["GET", "/console"],
  ["GET", "/console/sign-in"],
  ["GET", "/console/sign-in/*"],
  ["POST", "/console/sign-in/*"],
  ["POST", "/console/sign-out"]
] as const
