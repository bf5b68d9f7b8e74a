import Database from "better-sqlite3"
import { setTimeout as sleep } from "node:timers/promises"
import { cpuMs } from "../Proc.js"
import { type Figure, round } from "../Report.js"
import type { BenchServer } from "../Servers.js"

/** Longer than any backlog the POST loads leave takes to send, however slow the machine. */
const DRAIN_LIMIT_MS = 600_000

/**
 * What `dsar serve` spends sending the emails its POST loads queued (a receipt for each verified
 * request, an approval for each unverified one), measured once the loads end, while its worker
 * empties the outbox and nothing else runs: its CPU per email and the rate. The peers send no email,
 * so the POST figures count only the part of this work the worker did during each load.
 */
export const deliveryFigure = async (server: BenchServer, database: string): Promise<Figure> => {
  const db = new Database(database, { readonly: true })
  try {
    const waiting = () =>
      db.prepare(
        "SELECT kind, count(*) AS n FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL GROUP BY kind"
      )
        .all() as Array<{ readonly kind: string; readonly n: number }>
    const backlog = waiting()
    const emails = backlog.reduce((sum, { n }) => sum + n, 0)
    const name = "Outbox delivery after the POST loads, to the log mailer (dsar only: the peers send no email)"
    if (emails === 0) return { name, measured: "none waiting: the worker had sent every email during the loads" }
    const pid = server.running.child.pid!
    const cpuBefore = cpuMs(pid)
    const started = performance.now()
    while (waiting().length > 0) {
      if (performance.now() - started > DRAIN_LIMIT_MS) {
        throw new Error(`the outbox still held ${JSON.stringify(waiting())}`)
      }
      await sleep(100)
    }
    const seconds = (performance.now() - started) / 1000
    const kinds = backlog.map(({ kind, n }) => `${n.toLocaleString("en-US")} ${kind}`).join(", ")
    return {
      name,
      measured: `${emails.toLocaleString("en-US")} emails (${kinds}) in ${round(seconds, 1)} s: ${
        round(emails / seconds, 0)
      } emails/s, CPU ${round((cpuMs(pid) - cpuBefore) / emails, 3)} ms/email`
    }
  } finally {
    db.close()
  }
}
