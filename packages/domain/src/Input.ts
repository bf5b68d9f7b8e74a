import { Either, ParseResult, Schema } from "effect"
import { InvalidInput, type Issue } from "./Errors.js"
import { Limits } from "./Limits.js"

/** At most `Limits.errors` issues, the last one counting those left out: a refusal stays small. */
export const cappedIssues = (issues: ReadonlyArray<Issue>): ReadonlyArray<Issue> =>
  issues.length <= Limits.errors
    ? issues
    : [
      ...issues.slice(0, Limits.errors - 1),
      { path: "", message: `and ${issues.length - Limits.errors + 1} more problems` }
    ]

const issuesOf = (error: ParseResult.ParseError): ReadonlyArray<Issue> =>
  cappedIssues(
    ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message
    }))
  )

/** Decodes untrusted input, reporting every problem at once as one `InvalidInput`. */
export const decodeInput =
  <A, I>(schema: Schema.Schema<A, I, never>) => (input: unknown): Either.Either<A, InvalidInput> =>
    Either.mapLeft(
      Schema.decodeUnknownEither(schema, { errors: "all" })(input),
      (error) => new InvalidInput({ errors: issuesOf(error) })
    )
