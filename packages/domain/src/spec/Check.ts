import fc from "fast-check"

/** A rule of the specification an implementation broke, with what was expected and seen. */
export class SpecViolation extends Error {
  override readonly name = "SpecViolation"
}

export const ensure = (holds: boolean, rule: string): void => {
  if (!holds) throw new SpecViolation(rule)
}

/** Structural equality of plain data: dates by instant, objects by their own enumerable keys. */
export const deepEqual = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b)) return true
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const aKeys = Object.keys(a)
  const bRecord = b as Record<string, unknown>
  return (
    aKeys.length === Object.keys(b).length &&
    aKeys.every((key) => Object.hasOwn(bRecord, key) && deepEqual((a as Record<string, unknown>)[key], bRecord[key]))
  )
}

/** Whether `actual` has every property of `expected`, each structurally equal. */
export const hasFields = (actual: unknown, expected: Record<string, unknown>): boolean =>
  typeof actual === "object" &&
  actual !== null &&
  Object.entries(expected).every(([key, value]) => deepEqual((actual as Record<string, unknown>)[key], value))

export const same = (actual: unknown, expected: unknown, what: string): void =>
  ensure(deepEqual(actual, expected), `${what}: expected ${fc.stringify(expected)}, got ${fc.stringify(actual)}`)
