import { createRequestExample } from "@dsar/domain"
import { expect, it } from "vitest"
import { serve, tempDataDir } from "./support/Process.js"
import { authorized, demoSession } from "./support/Session.js"

// What `dsar serve` writes to its log at the default level holds no token and no personal data.

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50))
}

it("dsar serve without SMTP warns once that no email leaves the machine, and logs no address, link token or query value", async () => {
  const server = await serve(tempDataDir())
  try {
    const demo = demoSession(server.output().stdout)
    const api = authorized(server.url, await demo.token(server.url))
    const email = "jane.logged@example.org"
    const created = await api("POST", "/dsar/requests", {
      ...createRequestExample,
      status: "unverified",
      organization_user_id: email,
      request_fields: [{ field_id: "email", value: email }],
      user: { ...createRequestExample.user, email }
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const approveUrl: string = created.body.validation.approve_url
    const token = approveUrl.slice(approveUrl.lastIndexOf("/") + 1)
    expect((await fetch(approveUrl)).status).toBe(200)
    expect((await api("GET", `/dsar/requests?organization_user_id=${encodeURIComponent(email)}`)).status).toBe(200)
    // The access log leaves once per turn of the server's event loop: wait for the listing's line too.
    await until(() =>
      server.output().stderr.includes("Email delivered") && server.output().stderr.includes("organization_user_id=")
    )
    const { stderr } = server.output()
    expect(stderr.match(/SMTP_URL is not set: no email leaves this machine/g)).toHaveLength(1)
    expect(stderr).toContain("Email not sent (no SMTP server configured)")
    expect(stderr).toContain("/links/[redacted]")
    expect(stderr).toContain("organization_user_id=[redacted]")
    expect(stderr).not.toContain(token)
    expect(stderr).not.toContain("jane.logged")
  } finally {
    await server.stop()
  }
})

it("dsar serve with SMTP_URL set does not warn that mail is only logged", async () => {
  const server = await serve(tempDataDir(), { SMTP_URL: "smtp://127.0.0.1:9" })
  try {
    expect(server.output().stderr).not.toContain("SMTP_URL is not set")
  } finally {
    await server.stop()
  }
})
