import { Logger } from "effect"

/**
 * Logs go to stderr, so stdout carries only what a command prints for its caller (the JSON of
 * `orgs create`, the demo credentials): JSON lines when not on a terminal, readable text on one.
 */
export const loggerLayer = Logger.replace(
  Logger.defaultLogger,
  process.stderr.isTTY ? Logger.prettyLogger({ stderr: true }) : Logger.withConsoleError(Logger.jsonLogger)
)
