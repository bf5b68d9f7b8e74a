import { refusalReasons, Request, Status } from "@dsar/domain"
import {
  EmailPath,
  Evidence,
  evidenceDocument,
  PageSize,
  Payloads,
  received,
  RequestEmail,
  RequestIdPath
} from "@dsar/http"
import { Args, Command, HelpDoc, Options } from "@effect/cli"
import { Chunk, Console, Data, Effect, Option, Predicate, Schema, Stream } from "effect"
import { createWriteStream } from "node:fs"
import { connection, withRequests } from "./Connection.js"
import { UsageError } from "./Failure.js"
import { emailsTable, failedEmails, json, requestDetails, requestsTable, show } from "./Output.js"
import * as Progress from "./Progress.js"
import { filterOptions, toFilter } from "./RequestFilters.js"
import { ExportFormats, exportText } from "./RequestsExport.js"
import { ending, writing } from "./TextSink.js"

export const requestId = Args.text({ name: "request-id" }).pipe(
  Args.withDescription("The request's id, e.g. req_01h...")
)

/** A request id typed by a person, checked as the API checks its path. */
export const checkedId = (id: string) => Effect.map(received(RequestIdPath)({ id }), (path) => path.id)

const limit = Options.integer("limit").pipe(
  Options.withDescription(`Page size, 1 to ${PageSize.max} (default ${PageSize.default}).`),
  Options.withDefault(PageSize.default)
)
const skip = Options.integer("skip").pipe(
  Options.withDescription("How many matching requests to skip."),
  Options.withDefault(0)
)
const everyPage = Options.boolean("all").pipe(
  Options.withDescription("Every matching request, page after page, with progress on stderr.")
)

const list = Command.make(
  "list",
  { connection, json, filters: filterOptions, limit, skip, all: everyPage },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.gen(function*() {
        const filter = yield* toFilter(options.filters)
        const render = show(options.json, Schema.Array(Request), requestsTable)
        if (!options.all) {
          const page = yield* requests.list({ ...filter, $limit: options.limit, $skip: options.skip })
          yield* render(page.items)
          if (!options.json) {
            yield* Console.error(`${page.items.length} shown, from ${options.skip + 1}, of ${page.total}`)
          }
          return
        }
        const progress = yield* Progress.make("listed", (yield* requests.list({ ...filter, $limit: 1 })).total)
        const everything = yield* Stream.runCollect(progress.counting(requests.listAll(filter)))
        yield* progress.end
        yield* render(Chunk.toReadonlyArray(everything))
      }))
).pipe(Command.withDescription("List requests, newest first: one page, or --all of them."))

const get = Command.make(
  "get",
  { connection, json, id: requestId },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.gen(function*() {
        const id = yield* checkedId(options.id)
        const request = yield* requests.get(id)
        yield* show(options.json, Request, requestDetails)(request)
        if (options.json) return
        const failed = failedEmails(yield* requests.emails(id))
        if (failed !== "") yield* Console.log(failed)
      }))
).pipe(Command.withDescription("Show one request, and the emails to the requester that could not be delivered."))

const messageId = Args.text({ name: "message-id" }).pipe(
  Args.withDescription(
    "One email's id, as `dsar requests get` lists it; every failed email of the request when left out."
  ),
  Args.optional
)

const retryEmail = Command.make(
  "retry-email",
  { connection, json, id: requestId, message: messageId },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.gen(function*() {
        const id = yield* checkedId(options.id)
        const chosen = yield* Option.match(options.message, {
          onNone: () =>
            Effect.map(
              requests.emails(id),
              (all) => all.filter((email) => email.state === "failed").map((email) => email.id)
            ),
          onSome: (message_id) => Effect.map(received(EmailPath)({ id, message_id }), (path) => [path.message_id])
        })
        if (chosen.length === 0) return yield* new UsageError({ message: `Request ${id} has no failed email to retry` })
        const retried = yield* Effect.forEach(chosen, (message_id) => requests.retryEmail(id, message_id))
        yield* show(options.json, Schema.Array(RequestEmail), emailsTable)(retried)
      }))
).pipe(Command.withDescription("Queue a request's failed emails again (or the one given), to be sent at once."))

const jsonObject = (name: string) =>
  Options.text(name).pipe(
    Options.withDescription(`A JSON object that replaces the request's ${name.replaceAll("-", "_")}.`),
    Options.mapTryCatch(
      (text) => JSON.parse(text) as unknown,
      () => HelpDoc.p(`--${name} must be JSON, e.g. '{"ticket":"T-1"}'`)
    ),
    Options.optional
  )

const patchOptions = {
  status: Options.choice("status", Status.literals).pipe(
    Options.withDescription("The status to move the request to."),
    Options.optional
  ),
  metadata: jsonObject("metadata"),
  variables: jsonObject("extra-message-variables"),
  reason: Options.choice("reason", refusalReasons).pipe(
    Options.withDescription("Why the request is refused, required with --status refused; told to the requester."),
    Options.optional
  ),
  details: Options.text("details").pipe(
    Options.withDescription("Free text for the requester with --reason (required with --reason other)."),
    Options.optional
  )
}

/** `--reason` and `--details` as the PATCH body's `refusal`: either alone still goes, for the API to name what is missing. */
const refusalOf = (reason: Option.Option<string>, details: Option.Option<string>) =>
  Option.isNone(reason) && Option.isNone(details)
    ? {}
    : {
      refusal: {
        ...Option.match(reason, { onNone: () => ({}), onSome: (code) => ({ reason: code }) }),
        ...Option.match(details, { onNone: () => ({}), onSome: (text) => ({ details: text }) })
      }
    }

const patch = Command.make(
  "patch",
  { connection, json, id: requestId, ...patchOptions },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.gen(function*() {
        const id = yield* checkedId(options.id)
        const changes = yield* received(Payloads.patchRequest)({
          ...Option.match(options.status, { onNone: () => ({}), onSome: (status) => ({ status }) }),
          ...Option.match(options.metadata, { onNone: () => ({}), onSome: (metadata) => ({ metadata }) }),
          ...Option.match(options.variables, {
            onNone: () => ({}),
            onSome: (extra_message_variables) => ({ extra_message_variables })
          }),
          ...refusalOf(options.reason, options.details)
        })
        yield* show(options.json, Request, requestDetails)(yield* requests.patch(id, changes))
      }))
).pipe(Command.withDescription(
  "Change a request's status, metadata or message variables, as the lifecycle allows; a refusal needs --reason."
))

const extensionOptions = {
  reason: Options.text("reason").pipe(
    Options.withDescription("Why the deadline is extended: the requester is emailed it with the new date.")
  ),
  until: Options.text("until").pipe(
    Options.withDescription(
      "The new deadline, ISO-8601 (e.g. 2026-06-01T00:00:00Z); by default the latest the request's right allows."
    ),
    Options.optional
  )
}

const extend = Command.make(
  "extend",
  { connection, json, id: requestId, ...extensionOptions },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.gen(function*() {
        const id = yield* checkedId(options.id)
        const extension = yield* received(Payloads.extendRequest)({
          reason: options.reason,
          ...Option.match(options.until, { onNone: () => ({}), onSome: (expires_at) => ({ expires_at }) })
        })
        yield* show(options.json, Request, requestDetails)(yield* requests.extend(id, extension))
      }))
).pipe(Command.withDescription("Extend a request's deadline, as its right allows, and email the requester why."))

const erase = Command.make(
  "erase",
  { connection, json, id: requestId },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.flatMap(
        Effect.flatMap(checkedId(options.id), requests.erase),
        show(options.json, Request, requestDetails)
      ))
).pipe(
  Command.withDescription(
    "Erase a request's personal data everywhere it is stored, keeping the non-personal record (id, right, status, dates, who erased it and when)."
  )
)

const asHtml = Options.boolean("html").pipe(
  Options.withDescription("A readable HTML page to print or save as PDF, instead of the JSON record.")
)

const evidence = Command.make(
  "evidence",
  { connection, id: requestId, html: asHtml },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.gen(function*() {
        const record = yield* requests.evidence(yield* checkedId(options.id))
        yield* Console.log(
          options.html ? evidenceDocument(record) : JSON.stringify(Schema.encodeSync(Evidence)(record), null, 2)
        )
      }))
).pipe(
  Command.withDescription(
    "One request's complete record for an auditor: the request, every change (who, when, how), link confirmations, emails with their Message-ID, the deadline, and whether the history chain verifies; JSON, or --html."
  )
)

const format = Options.choice("format", ExportFormats).pipe(
  Options.withDescription("csv (one flat row per request) or jsonl (the API's JSON, one request per line).")
)
const output = Options.file("output").pipe(
  Options.withDescription("Write to this file instead of stdout."),
  Options.optional
)

class ReaderGone extends Data.TaggedError("ReaderGone") {}

const exportRequests = Command.make(
  "export",
  { connection, filters: filterOptions, format, output },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.gen(function*() {
        const filter = yield* toFilter(options.filters)
        const progress = yield* Progress.make("exported", (yield* requests.list({ ...filter, $limit: 1 })).total)
        const destination = Option.match(options.output, {
          onNone: () => process.stdout,
          onSome: (file) => createWriteStream(file)
        })
        const failed = (cause: unknown) =>
          Predicate.hasProperty(cause, "code") && cause.code === "EPIPE"
            ? new ReaderGone()
            : new UsageError({
              message: `Cannot write ${Option.getOrElse(options.output, () => "to stdout")}: ${cause}`
            })
        // Oldest first unless told otherwise: requests created during the export then come after
        // the pages already read instead of pushing them along.
        const ordered = options.filters.sort._tag === "None" ? { ...filter, $sort: { created_at: 1 as const } } : filter
        yield* Stream.run(
          exportText(options.format, progress.counting(requests.listAll(ordered))),
          writing(destination, failed)
        ).pipe(
          // `dsar requests export | head` read what it wanted: not a failure.
          Effect.catchTag("ReaderGone", () => Effect.void)
        )
        if (Option.isSome(options.output)) yield* ending(destination)
        yield* progress.end
      }))
).pipe(Command.withDescription("Write every matching request as CSV or JSON lines, page by page, in constant memory."))

export const requests = Command.make("requests").pipe(
  Command.withDescription("Read and change privacy requests, on a server (--url) or on the local data directory."),
  Command.withSubcommands([list, get, patch, extend, erase, retryEmail, evidence, exportRequests])
)
