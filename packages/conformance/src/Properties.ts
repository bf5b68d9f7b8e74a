import { LinkLifetimeBounds, type Status, type UserRightId } from "@dsar/domain"
import fc from "fast-check"
import {
  AddNote,
  Advance,
  type ConformanceCommand,
  Create,
  CreateLink,
  Get,
  List,
  ListNotes,
  NonEditableFields,
  OtherCreate,
  Pages,
  PatchForbidden,
  PatchMetadata,
  PatchStatus,
  RefuseWithoutReason,
  SortableFields,
  Trespass
} from "./Commands.js"
import { SpecStatuses } from "./Model.js"

const Rights: ReadonlyArray<UserRightId> = ["cpra_access_my_data", "cpra_delete_my_data", "cpra_opt_out"]

const status = fc.constantFrom(...SpecStatuses)
const right = fc.constantFrom(...Rights)
const user = fc.constantFrom(0 as const, 1 as const)
const position = fc.nat(20)
// One or two values: a filter that leaves most requests out, so one that is ignored shows.
const subset = <A>(values: ReadonlyArray<A>) =>
  fc.option(fc.subarray([...values], { minLength: 1, maxLength: 2 }), { nil: undefined })
const word = fc.stringMatching(/^[a-z][a-z0-9 ]{0,15}[a-z0-9]$/)

const create = fc.tuple(status, right, user).map(([s, r, u]) => new Create(s, r, u))
const get = position.map((p) => new Get(p))
const patchStatus = fc.tuple(position, status).map(([p, s]) => new PatchStatus(p, s))
const refuseWithoutReason = position.map((p) => new RefuseWithoutReason(p))
const advance = fc.tuple(position, fc.nat(3)).map(([p, c]) => new Advance(p, c))
const patchMetadata = fc
  .tuple(position, fc.record({ label: word, count: fc.integer({ min: -1000, max: 1000 }), flag: fc.boolean() }))
  .map(([p, value]) => new PatchMetadata(p, value))
const patchForbidden = fc
  .tuple(position, fc.constantFrom(...NonEditableFields), fc.boolean())
  .map(([p, field, withStatus]) => new PatchForbidden(p, field, withStatus))
const lifetime = fc.oneof(
  fc.integer({ min: LinkLifetimeBounds.min, max: LinkLifetimeBounds.max }),
  fc.constantFrom(LinkLifetimeBounds.min, LinkLifetimeBounds.default, LinkLifetimeBounds.max),
  fc.constantFrom(LinkLifetimeBounds.min - 1, LinkLifetimeBounds.max + 1, 0)
)
const createLink = fc.tuple(position, status, lifetime).map(([p, s, l]) => new CreateLink(p, s, l))
const addNote = fc.tuple(position, word).map(([p, value]) => new AddNote(p, value))
const listNotes = position.map((p) => new ListNotes(p))
const list = fc.tuple(user, subset<Status>(SpecStatuses), subset(Rights)).map(([u, s, r]) => new List(u, s, r))
const pages = fc
  .tuple(
    user,
    fc.constantFrom(...SortableFields),
    fc.constantFrom(1 as const, -1 as const),
    fc.integer({ min: 1, max: 4 })
  )
  .map(([u, field, direction, limit]) => new Pages(u, field, direction, limit))
const otherCreate = status.map((s) => new OtherCreate(s))
const trespass = fc.tuple(position, status).map(([p, s]) => new Trespass(p, s))

/** One rule of the API, checked by random sequences of these commands against the model. */
export interface ConformanceProperty {
  /** The rule, as a sentence. */
  readonly name: string
  readonly commands: ReadonlyArray<fc.Arbitrary<ConformanceCommand>>
  /** Runs only with a second organisation's client. */
  readonly needsOther?: boolean
}

export const Properties: ReadonlyArray<ConformanceProperty> = [
  {
    name: "a request can be created in every status and reads back as it was created",
    commands: [create, get]
  },
  {
    name: "a status change is accepted exactly when the lifecycle allows it, and a refused one changes nothing",
    commands: [create, patchStatus, get]
  },
  {
    name: "a refusal without a reason is refused naming refusal, and changes nothing",
    commands: [create, advance, refuseWithoutReason, get]
  },
  {
    name:
      "a PATCH naming a property other than status, metadata, extra_message_variables and refusal is refused as a whole, and changes nothing",
    commands: [create, patchForbidden, patchMetadata, get]
  },
  {
    name:
      "an approval link expires at its creation plus its lifetime, a lifetime out of bounds is refused, and creating one changes nothing",
    commands: [create, advance, createLink]
  },
  {
    name: "notes read back exactly as added, oldest first",
    commands: [create, addNote, listNotes]
  },
  {
    name: "a listing holds exactly the requests its status, user_right_id and organization_user_id filters select",
    // Creating weighs double: listings need requests to leave out.
    commands: [create, create, advance, list]
  },
  {
    name: "a listing is sorted as asked, its pages are complete and disjoint, and x-total-count counts every match",
    commands: [create, advance, pages]
  },
  {
    name: "another organisation's request is not found, and nothing it attempts changes it",
    commands: [create, otherCreate, trespass, list],
    needsOther: true
  }
]
