import { test } from "@fast-check/vitest"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect } from "vitest"
import { can, ConsoleAction, Operator, OperatorRole } from "../src/index.js"

const action = fc.constantFrom(...ConsoleAction.literals)
const role = fc.constantFrom(...OperatorRole.literals)
// Reading is read off the action's own name (`<what>.read`), not a second list kept beside the table.
const isReading = (a: ConsoleAction) => a.split(".")[1] === "read"

const known = (s: string) => (OperatorRole.literals as ReadonlyArray<string>).includes(s)
// Any string, and the near misses a stored or forged role is likely to be: a known role in another case or
// padded, and roles the console does not have (or no longer has).
const unknownRole = fc.oneof(
  fc.string(),
  role.map((r) => r.toUpperCase()),
  role.map((r) => ` ${r}`),
  fc.constantFrom("owner", "superadmin", "editor", "")
).filter((s) => !known(s))

describe("console permissions (can)", () => {
  test.prop([action])("an admin can take every console action", (a) => {
    expect(can("admin", a)).toBe(true)
  })

  test.prop([action])("a viewer can take only reading actions", (a) => {
    if (can("viewer", a)) expect(isReading(a)).toBe(true)
  })

  test.prop([action])("every action an agent can take an admin can take", (a) => {
    if (can("agent", a)) expect(can("admin", a)).toBe(true)
  })

  test.prop([action])("every action a viewer can take an agent can take", (a) => {
    if (can("viewer", a)) expect(can("agent", a)).toBe(true)
  })

  test.prop([role])("every role can read requests, so every operator has a console to see", (r) => {
    expect(can(r, "requests.read")).toBe(true)
  })

  test.prop([unknownRole])("a role string the console does not know is refused by the schema", (s) => {
    expect(Either.isLeft(Schema.decodeUnknownEither(OperatorRole)(s))).toBe(true)
  })

  test.prop([unknownRole])("an operator stored with an unknown role is refused as a whole", (s) => {
    const stored = {
      id: "op_1",
      organization_id: "org_1",
      email: "ann@example.com",
      role: s,
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-01-01T00:00:00.000Z"
    }
    expect(Either.isRight(Schema.decodeUnknownEither(Operator)({ ...stored, role: "agent" }))).toBe(true)
    expect(Either.isLeft(Schema.decodeUnknownEither(Operator)(stored))).toBe(true)
  })
})
