import { postgresAvailable, temporaryDatabase } from "../../support/Postgres.js"

/**
 * The stores a one-server reliability test runs on, each with a demo organisation: SQLite in the
 * data directory, and a fresh PostgreSQL database when a server answers.
 */
export const demoStores = [
  { name: "SQLite", run: true, database: () => ({ env: {}, drop: () => {} }) },
  {
    name: "PostgreSQL",
    run: postgresAvailable,
    database: () => {
      const database = temporaryDatabase()
      // PostgreSQL gets a demo organisation only when asked for one.
      return { env: { DATABASE_URL: database.url, DEMO_ORGANIZATION: "true" }, drop: database.drop }
    }
  }
].filter((store) => store.run)
