#!/usr/bin/env node
import { ValidationError } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Cause, Effect } from "effect"
import { run } from "./Cli.js"
import { loggerLayer } from "./Logging.js"

run(process.argv).pipe(
  // The CLI has already printed what was wrong with its arguments; anything else is logged.
  Effect.tapErrorCause((cause) => (ValidationError.isValidationError(Cause.squash(cause)) ? Effect.void : Effect.logError(cause))),
  Effect.provide(NodeContext.layer),
  Effect.provide(loggerLayer),
  NodeRuntime.runMain({ disableErrorReporting: true, disablePrettyLogger: true })
)
