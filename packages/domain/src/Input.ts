import { Either, ParseResult, Schema } from "effect"
import { InvalidInput, type Issue } from "./Errors.js"

const issuesOf = (error: ParseResult.ParseError): ReadonlyArray<Issue> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message
  }))

/** Decodes untrusted input, reporting every problem at once as one `InvalidInput`. */
export const decodeInput =
  <A, I>(schema: Schema.Schema<A, I, never>) =>
  (input: unknown): Either.Either<A, InvalidInput> =>
    Either.mapLeft(
      Schema.decodeUnknownEither(schema, { errors: "all" })(input),
      (error) => new InvalidInput({ errors: issuesOf(error) })
    )
