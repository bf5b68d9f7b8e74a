#!/usr/bin/env node
import { ValidationError } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Cause, Effect } from "effect"
import { run } from "./Cli.js"
import { Reported } from "./cli/Failure.js"
import { loggerLayer } from "./Logging.js"

run(process.argv).pipe(
  // What was wrong with the arguments, or the refusal a command met, is on stderr already;
  // anything else is logged.
  Effect.tapErrorCause((cause) => {
    const error = Cause.squash(cause)
    return ValidationError.isValidationError(error) || error instanceof Reported ? Effect.void : Effect.logError(cause)
  }),
  Effect.provide(NodeContext.layer),
  Effect.provide(loggerLayer),
  NodeRuntime.runMain({ disableErrorReporting: true, disablePrettyLogger: true })
)
