import { Schema } from "effect"
import { OperatorId, OrganizationId } from "./Ids.js"
import { storable } from "./Limits.js"
import { Timestamp } from "./Timestamp.js"

/**
 * What an operator may do in the console: `admin` everything (keys, operators, settings included),
 * `agent` work on requests, `viewer` read only.
 */
export const OperatorRole = Schema.Literal("admin", "agent", "viewer").annotations({
  identifier: "OperatorRole",
  description: "`admin` (everything, settings included), `agent` (works on requests) or `viewer` (reads)."
})
export type OperatorRole = typeof OperatorRole.Type

/** Every action of the console a role may or may not take; the server checks one on every page and form. */
export const ConsoleAction = Schema.Literal(
  "requests.read",
  "requests.update",
  "requests.erase",
  "notes.create",
  "settings.read",
  "settings.update"
)
export type ConsoleAction = typeof ConsoleAction.Type

/** The actions each role may take: the one table the console's checks read. */
export const RolePermissions: { readonly [R in OperatorRole]: ReadonlyArray<ConsoleAction> } = {
  admin: ConsoleAction.literals,
  agent: ["requests.read", "requests.update", "notes.create"],
  viewer: ["requests.read"]
}

/** Whether `role` may take `action`. */
export const can = (role: OperatorRole, action: ConsoleAction): boolean => RolePermissions[role].includes(action)

/** An operator's email address, compared in lower case: one person is one operator per organisation. */
export const OperatorEmail = storable(
  Schema.Lowercase.pipe(Schema.compose(Schema.Trim), Schema.pattern(/^[^\s@]+@[^\s@]+$/)),
  320
).annotations({ identifier: "OperatorEmail", description: "The operator's email address, where sign-in links go." })

/** A person of an organisation's privacy team, who signs in to the console. */
export const Operator = Schema.Struct({
  id: OperatorId,
  organization_id: OrganizationId,
  email: OperatorEmail,
  role: OperatorRole,
  created_at: Timestamp,
  updated_at: Timestamp
}).annotations({ identifier: "Operator" })
export type Operator = typeof Operator.Type
