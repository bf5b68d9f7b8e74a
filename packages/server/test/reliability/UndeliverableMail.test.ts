import { randomBytes } from "node:crypto"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { expect, it } from "vitest"
import { mailbox } from "../support/Mailbox.js"
import { dsar, serve, tempDataDir } from "../support/Process.js"
import { authorized, demoSession } from "../support/Session.js"
import { record } from "./support/Tally.js"

// Mail that can never be delivered: an SMTP server that refuses the recipient for good (550) gets
// one attempt, and the email is then `failed`, shown on the request (API, history, CLI) and
// retried on demand. Once an approval email is delivered, its link's token is in no stored row
// and no export: only the link's digest is kept.

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const until = async <A>(what: string, probe: () => Promise<A | undefined>, timeoutMs = 20_000): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = await probe()
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await pause(50)
  }
}

it(
  "an email refused for good is failed at once, shown on the request, retried on demand; delivered, its token is stored nowhere",
  { timeout: 120_000 },
  async () => {
    let refusing = true
    const smtp = await mailbox({
      onRcptTo: (_, __, callback) =>
        refusing
          ? callback(Object.assign(new Error("Requested action not taken: mailbox unavailable"), { responseCode: 550 }))
          : callback()
    })
    const dataDir = tempDataDir()
    const files = [join(dataDir, "dsar.sqlite"), join(dataDir, "dsar.sqlite-wal")]
    const holds = (value: string) =>
      files.some((file) => existsSync(file) && readFileSync(file).includes(Buffer.from(value, "utf8")))
    const server = await serve(dataDir, { SMTP_URL: smtp.url })
    try {
      const demo = demoSession(server.output().stdout)
      const api = authorized(server.url, await demo.token(server.url))
      const remote = ["--url", server.url, "--key", demo.key, "--secret", demo.secret]
      const address = `nobody-${randomBytes(6).toString("hex")}@example.org`
      const created = await api("POST", "/dsar/requests", {
        organization_user_id: address,
        user_right_id: "cpra_delete_my_data",
        status: "unverified",
        request_fields: [{ field_id: "email", value: address }],
        source: { type: "DSAR", country: "FR" }
      })
      expect(created.body).toMatchObject({ status: "unverified" })
      const id: string = created.body.id
      const token = new URL(created.body.validation.approve_url).pathname.split("/").at(-1)!

      const emails = () => api("GET", `/dsar/requests/${id}/emails`)
      const failed = await until("the approval email failed", async () => {
        const listed = await emails()
        return listed.body?.[0]?.state === "failed" ? listed.body[0] : undefined
      })
      expect(failed).toMatchObject({
        request_id: id,
        kind: "approval",
        state: "failed",
        attempts: 1,
        delivered_at: null
      })
      expect(failed.last_error).toMatch(/550/)
      expect(JSON.stringify((await emails()).body)).not.toContain(address)
      // Not tried again: a permanent refusal is final until asked.
      await pause(1500)
      expect((await emails()).body).toEqual([failed])
      const history = (await api("GET", `/dsar/requests/${id}/history`)).body as ReadonlyArray<
        { action: string; actor: unknown }
      >
      expect(history.map((entry) => entry.action)).toEqual(["request.create", "email.failed"])
      expect(history[1]?.actor).toEqual({ type: "system", id: "outbox" })
      // The link is still usable, and its token is still stored: the search below can find it.
      expect((await api("GET", `/dsar/requests/${id}`)).body.validation.approve_url).toBe(
        created.body.validation.approve_url
      )
      expect(holds(token)).toBe(true)

      const shown = await dsar(["requests", "get", id, ...remote])
      expect(shown.code).toBe(0)
      expect(shown.stdout).toContain("Failed emails")
      expect(shown.stdout).toContain(failed.id)
      expect(shown.stdout).toContain("550")

      // Only a failed email can be retried; unknown ones are not found.
      expect((await api("POST", `/dsar/requests/${id}/emails/msg_unknown/retry`)).status).toBe(404)
      refusing = false
      const retried = await dsar(["requests", "retry-email", id, ...remote])
      expect(retried.code).toBe(0)
      expect(retried.stdout).toContain(failed.id)
      await smtp.waitFor("the approval email", (mails) => mails.length === 1)
      const delivered = await until("the approval email delivered", async () => {
        const listed = await emails()
        return listed.body?.[0]?.state === "delivered" ? listed.body[0] : undefined
      })
      expect(delivered).toMatchObject({ id: failed.id, state: "delivered", attempts: 1, failed_at: null })
      expect((await api("POST", `/dsar/requests/${id}/emails/${failed.id}/retry`)).status).toBe(409)
      expect(
        ((await api("GET", `/dsar/requests/${id}/history`)).body as ReadonlyArray<{ action: string }>).map((e) =>
          e.action
        )
      ).toEqual([
        "request.create",
        "email.failed",
        "email.retry"
      ])
      expect((await dsar(["requests", "get", id, ...remote])).stdout).not.toContain("Failed emails")

      // Delivered: the URL is gone from the request, and its token from every stored byte and export.
      expect((await api("GET", `/dsar/requests/${id}`)).body.validation.approve_url).toBeNull()
      await server.stop()
      const left = holds(token)
      record("undeliverable mail, token at rest after delivery", { faults: 1, inputs: 1, losses: left ? 1 : 0 })
      expect(left).toBe(false)
      for (const format of ["csv", "jsonl"]) {
        const exported = await dsar([
          "requests",
          "export",
          "--format",
          format,
          "--data-dir",
          dataDir,
          "--org",
          demo.organization_id!
        ])
        expect(exported.code).toBe(0)
        expect(exported.stdout).toContain(id)
        expect(exported.stdout).not.toContain(token)
      }
    } finally {
      await server.stop()
      await smtp.close()
    }
  }
)
