import { execFileSync } from "node:child_process"
import { randomBytes } from "node:crypto"

// The project's PostgreSQL: on every machine at 127.0.0.1:5432, user postgres, trust auth.
const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"

const psql = (sql: string) =>
  execFileSync("psql", [ADMIN_URL, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], { stdio: ["ignore", "pipe", "pipe"] })

const answers = (() => {
  try {
    psql("select 1")
    return true
  } catch {
    return false
  }
})()

if (!answers && process.env.CI === undefined) {
  console.warn(`PostgreSQL tests skipped: no server answers at ${ADMIN_URL} (start it, or set DATABASE_URL)`)
}

/** Whether to run PostgreSQL tests: always under CI (they fail without a server), else when one answers. */
export const postgresAvailable = answers || process.env.CI !== undefined

/** A fresh database for one test, and how to drop it. */
export const temporaryDatabase = () => {
  const name = `dsar_test_${randomBytes(6).toString("hex")}`
  psql(`CREATE DATABASE ${name}`)
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}
