import { isPrivacyRequestsError, type PrivacyRequestsError } from "@dsar/http"
import { Console, Data, Effect } from "effect"

/** The command line asks for something that cannot be done, e.g. `--url` without `--key`. */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

/** `dsar serve` cannot listen where it was told to, e.g. on a port in use. */
export class ServeError extends Data.TaggedError("ServeError")<{ readonly message: string }> {}

/** A failure the command has explained on stderr already: the process exits with 1, logging nothing more. */
export class Reported extends Data.TaggedError("Reported") {}

type Explained = PrivacyRequestsError | UsageError | ServeError

const explain = (error: Explained) =>
  [
    `${error._tag}: ${error.message}`,
    ...("errors" in error ? error.errors.map((issue) => `  ${issue.path || "(body)"}: ${issue.message}`) : [])
  ].join("\n")

const explained = (error: unknown): error is Explained =>
  isPrivacyRequestsError(error) || error instanceof UsageError || error instanceof ServeError

/**
 * Refusals, transport failures and usage errors, told on stderr as `Tag: message` and one line
 * per offending property; anything else (a database that cannot be opened, say) is left to the log.
 */
export const reportFailures = <A, E, R>(command: Effect.Effect<A, E, R>) =>
  Effect.catchIf(
    command,
    explained,
    (error) => Effect.zipRight(Console.error(explain(error)), Effect.fail(new Reported()))
  )
