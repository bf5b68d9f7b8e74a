import { Either, Schema } from "effect"
import { decide, LifecycleCommand, mayTransition, Request, RequestId, type RequestState } from "../src/index.js"

// A short tour of the domain package until the server exists: the lifecycle, decided purely.
const now = new Date()
const request: RequestState = { id: RequestId.make("req-demo"), status: "unverified", metadata: {}, extra_message_variables: {} }

console.log("may unverified -> fulfilled?", mayTransition("unverified", "fulfilled"))
console.log("may verified -> work_in_progress?", mayTransition("verified", "work_in_progress"))

const created = decide(null, LifecycleCommand.Create({ request, requester_email: "jane@example.org" }), now)
console.log("create unverified ->", Either.map(created, (d) => d.effects.map((e) => e._tag)))

const refused = decide(request, LifecycleCommand.Patch({ patch: { status: "fulfilled" } }), now)
console.log("PATCH unverified -> fulfilled ->", Either.isLeft(refused) ? refused.left.message : "allowed")

const verified = Either.getOrThrow(decide(request, LifecycleCommand.Patch({ patch: { status: "verified" } }), now))
const started = decide(verified.state, LifecycleCommand.Patch({ patch: { status: "work_in_progress" } }), now)
console.log("PATCH verified -> work_in_progress ->", Either.map(started, (d) => d.effects.map((e) => `${e._tag}(${"status" in e ? e.status : ""})`)))

const decoded = Schema.decodeUnknownEither(Request)({ id: "req-demo" })
console.log("decoding an incomplete request ->", Either.isLeft(decoded) ? "refused, as it should be" : "accepted")
