import { Note } from "@dsar/domain"
import { Payloads, received } from "@dsar/http"
import { Args, Command } from "@effect/cli"
import { Effect, Schema } from "effect"
import { connection, withRequests } from "./Connection.js"
import { json, notesTable, show } from "./Output.js"
import { checkedId, requestId } from "./Requests.js"

const value = Args.text({ name: "note" }).pipe(Args.withDescription("The comment, at most 10,000 characters."))

const add = Command.make(
  "add",
  { connection, json, id: requestId, value },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.gen(function*() {
        const input = yield* received(Payloads.createNote)({ request_id: options.id, value: options.value })
        yield* show(options.json, Note, (note) => notesTable([note]))(yield* requests.addNote(input))
      }))
).pipe(Command.withDescription("Keep a staff comment with a request."))

const list = Command.make(
  "list",
  { connection, json, id: requestId },
  (options) =>
    withRequests(options.connection, (requests) =>
      Effect.flatMap(
        Effect.flatMap(checkedId(options.id), requests.listNotes),
        show(options.json, Schema.Array(Note), notesTable)
      ))
).pipe(Command.withDescription("A request's notes, oldest first."))

export const notes = Command.make("notes").pipe(
  Command.withDescription("Staff notes on requests."),
  Command.withSubcommands([add, list])
)
