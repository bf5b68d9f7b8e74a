import {
  LinkLifetimeBounds,
  type Metadata,
  OrganizationUserId,
  type PatchRequest,
  type Request,
  type RequestId,
  type Status,
  type UserRightId
} from "@dsar/domain"
import type { PrivacyRequestsShape, RequestsQuery } from "@dsar/http"
import { Effect, Either } from "effect"
import type fc from "fast-check"
import {
  at,
  type Model,
  type ModelFilter,
  type ModelRequest,
  patchTo,
  selects,
  specAllows,
  specAllowsLink,
  SpecTransitions
} from "./Model.js"
import type { Wire } from "./Wire.js"

/** The system under test, as one command sequence sees it. */
export interface Real {
  readonly subject: PrivacyRequestsShape
  /** A second organisation's client, for isolation. */
  readonly other: PrivacyRequestsShape | undefined
  readonly wire: Wire["Type"] | undefined
  /** Two end-user ids unique to this sequence: every request it creates is for one of them. */
  readonly users: readonly [string, string]
  /** Merged into every request's `metadata`: what marks a request as the kit's. */
  readonly marker: Metadata
  readonly redirectUrl: string
  /** Each right's deadline after receipt, as the API's catalogue gives it. */
  readonly deadlines: ReadonlyMap<string, (receivedAt: Date) => Date>
  /** The requests the other organisation created in this sequence. */
  readonly othersRequests: Array<RequestId>
}

export type ConformanceCommand = fc.AsyncCommand<Model, Real>

/** A broken rule: the message says what was expected and what came back. */
export class Violation extends Error {
  override readonly name = "Violation"
}

const must = (holds: boolean, message: string): void => {
  if (!holds) throw new Violation(message)
}

const show = (value: unknown) => JSON.stringify(value)

const outcome = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(Effect.either(effect))

const tagOf = (error: unknown) =>
  typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : String(error)

const describe = (error: unknown) =>
  typeof error === "object" && error !== null && "message" in error
    ? `${tagOf(error)}: ${String(error.message)}`
    : tagOf(error)

/** The call must succeed; its value is returned. */
const succeeds = async <A, E>(what: string, effect: Effect.Effect<A, E>): Promise<A> => {
  const result = await outcome(effect)
  if (Either.isLeft(result)) throw new Violation(`${what} must succeed; it failed with ${describe(result.left)}`)
  return result.right
}

/** The call must fail with the error tagged `tag`; that error is returned. */
const failsWith = async <A, E>(what: string, tag: string, effect: Effect.Effect<A, E>): Promise<E> => {
  const result = await outcome(effect)
  if (Either.isRight(result)) {
    throw new Violation(`${what} must be refused with ${tag}; it succeeded with ${show(result.right)}`)
  }
  must(tagOf(result.left) === tag, `${what} must be refused with ${tag}; it failed with ${describe(result.left)}`)
  return result.left
}

// JSON with keys in order: metadata compared as the values it holds, whatever order the keys come in.
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : typeof value === "object" && value !== null
    ? Object.fromEntries(
      Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])])
    )
    : value
const sameJson = (a: unknown, b: unknown) => show(canonical(a)) === show(canonical(b))

/** The API's answer about a request must be what the model holds. */
const agrees = (answer: Request, expected: ModelRequest, context: string) => {
  const differences = [
    answer.id !== expected.id && `id ${answer.id}, expected ${expected.id}`,
    answer.status !== expected.status && `status ${answer.status}, expected ${expected.status}`,
    answer.user_right_id !== expected.user_right_id &&
    `user_right_id ${answer.user_right_id}, expected ${expected.user_right_id}`,
    answer.organization_user_id !== expected.organization_user_id &&
    `organization_user_id ${answer.organization_user_id}, expected ${expected.organization_user_id}`,
    answer.created_at.getTime() !== expected.created_at.getTime() && `created_at changed`,
    answer.expires_at.getTime() !== expected.expires_at.getTime() && `expires_at changed`,
    !sameJson(answer.metadata, expected.metadata) &&
    `metadata ${show(answer.metadata)}, expected ${show(expected.metadata)}`
  ].filter((difference): difference is string => typeof difference === "string")
  must(differences.length === 0, `${context}: request ${expected.id} has ${differences.join("; ")}`)
}

/** Nothing about the request changed: what the model holds, and the same `updated_at`. */
const unchanged = async (real: Real, expected: ModelRequest, context: string) => {
  const now = await succeeds(`GET ${expected.id}`, real.subject.get(expected.id))
  agrees(now, expected, context)
  must(
    now.updated_at.getTime() === expected.updated_at.getTime(),
    `${context}: request ${expected.id}'s updated_at moved`
  )
}

export class Create implements ConformanceCommand {
  constructor(readonly status: Status, readonly right: UserRightId, readonly user: 0 | 1) {}
  check = () => true
  async run(model: Model, real: Real) {
    const created = await succeeds(
      `Creating a request in status ${this.status}`,
      real.subject.create({
        organization_user_id: OrganizationUserId.make(real.users[this.user]),
        user_right_id: this.right,
        status: this.status,
        request_fields: [{ field_id: "email", value: "dsar-conformance@example.org" }],
        source: { type: "DSAR" },
        metadata: real.marker
      })
    )
    const deadline = real.deadlines.get(this.right)
    const expected: ModelRequest = {
      id: created.id,
      organization_user_id: real.users[this.user],
      user_right_id: this.right,
      created_at: created.created_at,
      status: this.status,
      updated_at: created.updated_at,
      expires_at: deadline === undefined ? created.expires_at : deadline(created.created_at),
      metadata: real.marker,
      notes: []
    }
    agrees(created, expected, `Created in status ${this.status}`)
    model.requests.push(expected)
  }
  toString = () => `Create(${this.status}, ${this.right}, user ${this.user})`
}

export class Get implements ConformanceCommand {
  constructor(readonly position: number) {}
  check = (model: Readonly<Model>) => model.requests.length > 0
  async run(model: Model, real: Real) {
    const expected = at(model, this.position)
    agrees(await succeeds(`GET ${expected.id}`, real.subject.get(expected.id)), expected, "Read back")
  }
  toString = () => `Get(#${this.position})`
}

/** PATCHes the status to `target`, whether the lifecycle allows it or not; a refusal with its reason. */
export class PatchStatus implements ConformanceCommand {
  constructor(readonly position: number, readonly target: Status) {}
  check = (model: Readonly<Model>) => model.requests.length > 0
  async run(model: Model, real: Real) {
    const expected = at(model, this.position)
    const from = expected.status
    const patch = real.subject.patch(expected.id, patchTo(this.target))
    if (specAllows(from, this.target)) {
      const answer = await succeeds(`PATCH status ${from} -> ${this.target} (allowed)`, patch)
      expected.status = this.target
      expected.updated_at = answer.updated_at
      agrees(answer, expected, `PATCH status ${from} -> ${this.target}`)
    } else {
      await failsWith(`PATCH status ${from} -> ${this.target} (forbidden by the lifecycle)`, "Conflict", patch)
      await unchanged(real, expected, `After the refused PATCH ${from} -> ${this.target}`)
    }
  }
  toString = () => `PatchStatus(#${this.position}, ${this.target})`
}

/** PATCHes the status to `refused` without a reason: refused naming `refusal`, and nothing changes. */
export class RefuseWithoutReason implements ConformanceCommand {
  constructor(readonly position: number) {}
  check = (model: Readonly<Model>) => model.requests.length > 0
  async run(model: Model, real: Real) {
    const expected = at(model, this.position)
    const from = expected.status
    if (from === "refused" || !specAllows(from, "refused")) return
    const what = `PATCH status ${from} -> refused without a reason`
    const error = await failsWith(what, "BadRequest", real.subject.patch(expected.id, { status: "refused" }))
    must(namesField(error, "refusal"), `${what} must be refused naming refusal; the error was ${show(error)}`)
    await unchanged(real, expected, `After the refused ${what}`)
  }
  toString = () => `RefuseWithoutReason(#${this.position})`
}

/** Moves the request along one change the lifecycle allows (none from `archived`). */
export class Advance implements ConformanceCommand {
  constructor(readonly position: number, readonly choice: number) {}
  check = (model: Readonly<Model>) => model.requests.length > 0
  async run(model: Model, real: Real) {
    const expected = at(model, this.position)
    const targets = SpecTransitions[expected.status]
    if (targets.length === 0) return
    await new PatchStatus(this.position, targets[this.choice % targets.length]!).run(model, real)
  }
  toString = () => `Advance(#${this.position}, ${this.choice})`
}

export class PatchMetadata implements ConformanceCommand {
  constructor(readonly position: number, readonly value: Metadata) {}
  check = (model: Readonly<Model>) => model.requests.length > 0
  async run(model: Model, real: Real) {
    const expected = at(model, this.position)
    const metadata = { ...this.value, ...real.marker }
    const answer = await succeeds(`PATCH metadata of ${expected.id}`, real.subject.patch(expected.id, { metadata }))
    expected.metadata = metadata
    expected.updated_at = answer.updated_at
    agrees(answer, expected, "PATCH metadata")
  }
  toString = () => `PatchMetadata(#${this.position}, ${show(this.value)})`
}

/** Properties of a request that no PATCH may name. */
export const NonEditableFields = [
  "id",
  "organization_id",
  "organization_user_id",
  "user_right_id",
  "regulation_id",
  "created_at",
  "updated_at",
  "expires_at",
  "request_fields",
  "source",
  "validation"
] as const

const namesField = (error: unknown, field: string) => {
  const errors = (error as { errors?: ReadonlyArray<{ path?: unknown; message?: unknown }> }).errors ?? []
  return errors.some((issue) => issue.path === field || String(issue.message).includes(field))
}

/**
 * A PATCH naming `field`, alone or beside a status change the lifecycle allows: refused as a
 * whole, through the interface and, when there is one, over the wire.
 */
export class PatchForbidden implements ConformanceCommand {
  constructor(
    readonly position: number,
    readonly field: (typeof NonEditableFields)[number],
    readonly withStatus: boolean
  ) {}
  check = (model: Readonly<Model>) => model.requests.length > 0
  async run(model: Model, real: Real) {
    const expected = at(model, this.position)
    const status = SpecTransitions[expected.status][0]
    const body = {
      [this.field]: this.field === "user_right_id" ? "cpra_opt_out" : "dsar-conformance",
      ...(this.withStatus && status !== undefined ? { status } : {})
    }
    const what = `PATCH ${show(body)}`
    const error = await failsWith(what, "BadRequest", real.subject.patch(expected.id, body as PatchRequest))
    must(namesField(error, this.field), `${what} must be refused naming ${this.field}; the error was ${show(error)}`)
    await unchanged(real, expected, `After the refused ${what}`)
    if (real.wire !== undefined) {
      const answer = await succeeds(`${what} over the wire`, real.wire.patch(expected.id, body))
      must(
        answer.status === 400,
        `${what} sent as is must be answered 400; it was answered ${answer.status} ${show(answer.body)}`
      )
      must(
        namesField(answer.body, this.field),
        `${what} sent as is must be refused naming ${this.field}: ${show(answer.body)}`
      )
      await unchanged(real, expected, `After ${what} sent as is`)
    }
  }
  toString = () => `PatchForbidden(#${this.position}, ${this.field}${this.withStatus ? ", with a status change" : ""})`
}

export class CreateLink implements ConformanceCommand {
  constructor(readonly position: number, readonly target: Status, readonly lifetime: number) {}
  check = (model: Readonly<Model>) => model.requests.length > 0
  async run(model: Model, real: Real) {
    const expected = at(model, this.position)
    const input = {
      action: "request.update" as const,
      event: { status: this.target, request_id: expected.id },
      redirect_url: real.redirectUrl,
      lifetime: this.lifetime
    }
    const what = `A link from ${expected.status} to ${this.target} living ${this.lifetime} s`
    if (this.lifetime < LinkLifetimeBounds.min || this.lifetime > LinkLifetimeBounds.max) {
      await failsWith(`${what} (out of bounds)`, "BadRequest", real.subject.createLink(input))
    } else if (specAllowsLink(expected.status, this.target)) {
      const link = await succeeds(what, real.subject.createLink(input))
      const lived = link.expires_at.getTime() - link.created_at.getTime()
      must(
        lived === this.lifetime * 1000,
        `${what} must expire at created_at + ${this.lifetime} s; it expires after ${lived / 1000} s`
      )
      must(link.lifetime === this.lifetime, `${what} must say lifetime ${this.lifetime}; it says ${link.lifetime}`)
      must(link.used_at === null, `${what} must be unused; used_at is ${show(link.used_at)}`)
      must(
        link.event.status === this.target && link.event.request_id === expected.id,
        `${what} must carry its event; it carries ${show(link.event)}`
      )
    } else if (specAllows(expected.status, this.target)) {
      await failsWith(
        `${what} (a link cannot refuse: a refusal needs a reason)`,
        "BadRequest",
        real.subject.createLink(input)
      )
    } else {
      await failsWith(`${what} (forbidden by the lifecycle)`, "Conflict", real.subject.createLink(input))
    }
    await unchanged(real, expected, `After ${what}`)
  }
  toString = () => `CreateLink(#${this.position}, ${this.target}, ${this.lifetime} s)`
}

export class AddNote implements ConformanceCommand {
  constructor(readonly position: number, readonly value: string) {}
  check = (model: Readonly<Model>) => model.requests.length > 0
  async run(model: Model, real: Real) {
    const expected = at(model, this.position)
    const note = await succeeds(
      `A note on ${expected.id}`,
      real.subject.addNote({ request_id: expected.id, value: this.value })
    )
    must(note.value === this.value, `A note must keep its value ${show(this.value)}; it holds ${show(note.value)}`)
    must(note.request_id === expected.id, `A note must belong to ${expected.id}; it belongs to ${note.request_id}`)
    expected.notes.push(this.value)
  }
  toString = () => `AddNote(#${this.position}, ${show(this.value)})`
}

export class ListNotes implements ConformanceCommand {
  constructor(readonly position: number) {}
  check = (model: Readonly<Model>) => model.requests.length > 0
  async run(model: Model, real: Real) {
    const expected = at(model, this.position)
    const notes = await succeeds(`The notes of ${expected.id}`, real.subject.listNotes(expected.id))
    const values = notes.map((note) => note.value)
    must(
      show(values) === show(expected.notes),
      `The notes of ${expected.id} must be ${show(expected.notes)}, oldest first; they are ${show(values)}`
    )
  }
  toString = () => `ListNotes(#${this.position})`
}

const queryOf = (filter: ModelFilter): RequestsQuery => ({
  organization_user_id: OrganizationUserId.make(filter.organization_user_id),
  ...(filter.status && { status: filter.status }),
  ...(filter.user_right_id && { user_right_id: filter.user_right_id })
})

const sameIds = (items: ReadonlyArray<{ readonly id: string }>, expected: ReadonlyArray<ModelRequest>) =>
  show(items.map((item) => item.id).sort()) === show(expected.map((request) => request.id).sort())

/** One listing (a single page large enough for the sequence): exactly the requests the filters select. */
export class List implements ConformanceCommand {
  constructor(
    readonly user: 0 | 1,
    readonly status: ReadonlyArray<Status> | undefined,
    readonly rights: ReadonlyArray<UserRightId> | undefined
  ) {}
  check = () => true
  async run(model: Model, real: Real) {
    const filter: ModelFilter = {
      organization_user_id: real.users[this.user],
      ...(this.status && { status: this.status }),
      ...(this.rights && { user_right_id: this.rights })
    }
    const expected = model.requests.filter(selects(filter))
    const what = `Listing ${show({ ...filter, organization_user_id: `user ${this.user}` })}`
    const page = await succeeds(what, real.subject.list({ ...queryOf(filter), $limit: 100 }))
    must(
      sameIds(page.items, expected),
      `${what} must give ${
        show(expected.map((request) => `${request.id} (${request.status}, ${request.user_right_id})`))
      }; it gave ${
        show(
          page.items.map((item) => `${item.id} (${item.status}, ${item.user_right_id}, ${item.organization_user_id})`)
        )
      }`
    )
    must(page.total === expected.length, `${what}: x-total-count must be ${expected.length}; it is ${page.total}`)
    for (const item of page.items) agrees(item, expected.find((request) => request.id === item.id)!, what)
  }
  toString = () =>
    `List(user ${this.user}${this.status ? `, status ${this.status.join("|")}` : ""}${
      this.rights ? `, right ${this.rights.join("|")}` : ""
    })`
}

export const SortableFields = ["created_at", "updated_at", "expires_at", "status", "user_right_id"] as const
export type SortableField = (typeof SortableFields)[number]

const sortKey = (request: Request, field: SortableField): string | number =>
  field === "status" || field === "user_right_id" ? request[field] : request[field].getTime()

/** Reads a user's requests page by page, sorted: every page counts every match, and the pages make the whole. */
export class Pages implements ConformanceCommand {
  constructor(
    readonly user: 0 | 1,
    readonly field: SortableField,
    readonly direction: 1 | -1,
    readonly limit: number
  ) {}
  check = () => true
  async run(model: Model, real: Real) {
    const expected = model.requests.filter(selects({ organization_user_id: real.users[this.user] }))
    const what = `Pages of ${this.limit} sorted by ${this.field} ${this.direction === 1 ? "ascending" : "descending"}`
    const read: Array<Request> = []
    for (let skip = 0; skip < expected.length || skip === 0; skip += this.limit) {
      const page = await succeeds(
        `${what}, $skip ${skip}`,
        real.subject.list({
          organization_user_id: OrganizationUserId.make(real.users[this.user]),
          [`$sort[${this.field}]`]: this.direction === 1 ? "1" : "-1",
          $limit: this.limit,
          $skip: skip
        })
      )
      must(
        page.total === expected.length,
        `${what}, $skip ${skip}: x-total-count must be ${expected.length}; it is ${page.total}`
      )
      const size = Math.min(this.limit, Math.max(0, expected.length - skip))
      must(
        page.items.length === size,
        `${what}, $skip ${skip}: the page must hold ${size}; it holds ${page.items.length}`
      )
      for (const item of page.items) read.push(item)
    }
    must(new Set(read.map((item) => item.id)).size === read.length, `${what}: a request came on two pages`)
    must(sameIds(read, expected), `${what}: the pages must hold exactly the user's ${expected.length} requests`)
    read.forEach((item, index) => {
      if (index === 0) return
      const previous = sortKey(read[index - 1]!, this.field)
      const current = sortKey(item, this.field)
      must(
        this.direction === 1 ? previous <= current : previous >= current,
        `${what}: ${read[index - 1]!.id} (${previous}) comes before ${item.id} (${current})`
      )
    })
  }
  toString = () => `Pages(user ${this.user}, ${this.field} ${this.direction}, $limit ${this.limit})`
}

/** The other organisation creates a request for the same end-user. */
export class OtherCreate implements ConformanceCommand {
  constructor(readonly status: Status) {}
  check = () => true
  async run(_model: Model, real: Real) {
    const created = await succeeds(
      `The other organisation creating a request`,
      real.other!.create({
        organization_user_id: OrganizationUserId.make(real.users[0]),
        user_right_id: "cpra_access_my_data",
        status: this.status,
        request_fields: [{ field_id: "email", value: "dsar-conformance@example.org" }],
        source: { type: "DSAR" },
        metadata: real.marker
      })
    )
    real.othersRequests.push(created.id)
  }
  toString = () => `OtherCreate(${this.status})`
}

/**
 * The other organisation reads, changes, notes and links one of this organisation's requests:
 * each call is `NotFound` and the request is as it was. And this organisation cannot read
 * the other's requests.
 */
export class Trespass implements ConformanceCommand {
  constructor(readonly position: number, readonly target: Status) {}
  check = (model: Readonly<Model>) => model.requests.length > 0
  async run(model: Model, real: Real) {
    const expected = at(model, this.position)
    const other = real.other!
    const id = expected.id
    await failsWith(`The other organisation reading ${id}`, "NotFound", other.get(id))
    await failsWith(
      `The other organisation PATCHing ${id} to ${this.target}`,
      "NotFound",
      other.patch(id, { status: this.target })
    )
    await failsWith(
      `The other organisation noting ${id}`,
      "NotFound",
      other.addNote({ request_id: id, value: "dsar-conformance" })
    )
    await failsWith(
      `The other organisation linking ${id}`,
      "NotFound",
      other.createLink({
        action: "request.update",
        event: { status: this.target, request_id: id },
        redirect_url: real.redirectUrl,
        lifetime: 900
      })
    )
    const listed = await succeeds(
      `The other organisation listing this one's end-user`,
      other.list({ organization_user_id: OrganizationUserId.make(expected.organization_user_id), $limit: 100 })
    )
    const leaked = listed.items.filter((item) => !real.othersRequests.includes(item.id))
    must(
      leaked.length === 0,
      `The other organisation's listing must hold none of this one's requests; it holds ${
        show(leaked.map((item) => item.id))
      }`
    )
    await unchanged(real, expected, `After the other organisation's attempts`)
    const notes = await succeeds(`The notes of ${id}`, real.subject.listNotes(id))
    must(notes.length === expected.notes.length, `The other organisation's note must not be kept on ${id}`)
    for (const theirs of real.othersRequests) {
      await failsWith(`Reading the other organisation's ${theirs}`, "NotFound", real.subject.get(theirs))
    }
  }
  toString = () => `Trespass(#${this.position}, ${this.target})`
}
