import fc from "fast-check"
import { dataEqual } from "../Json.js"

/** A rule of the specification an implementation broke, with what was expected and seen. */
export class SpecViolation extends Error {
  override readonly name = "SpecViolation"
}

export const ensure = (holds: boolean, rule: string): void => {
  if (!holds) throw new SpecViolation(rule)
}

/** Whether `actual` has every property of `expected`, each structurally equal. */
export const hasFields = (actual: unknown, expected: Record<string, unknown>): boolean =>
  typeof actual === "object" &&
  actual !== null &&
  Object.entries(expected).every(([key, value]) => dataEqual((actual as Record<string, unknown>)[key], value))

export const same = (actual: unknown, expected: unknown, what: string): void =>
  ensure(dataEqual(actual, expected), `${what}: expected ${fc.stringify(expected)}, got ${fc.stringify(actual)}`)
