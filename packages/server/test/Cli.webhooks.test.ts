import { createRequestExample } from "@dsar/domain"
import { expect, it } from "vitest"
import { dsar, serve, tempDataDir } from "./support/Process.js"
import { startReceiver } from "./support/WebhookReceiver.js"

// `dsar webhooks` on the data directory a server runs on, and over the API with --url: an endpoint
// it creates receives the server's signed events; its log, redelivery, rotation and deletion.

const until = async (done: () => boolean, what: string) => {
  for (let i = 0; i < 300 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 100))
  expect(done(), what).toBe(true)
}

it("dsar webhooks create, list, deliveries, redeliver, rotate and delete manage an organisation's endpoints", async () => {
  const dataDir = tempDataDir()
  const env = { WEBHOOKS_ALLOW_PRIVATE_TARGETS: "true" }
  const org = JSON.parse((await dsar(["orgs", "create", "--name", "Acme", "--data-dir", dataDir])).stdout)
  const on = (...args: ReadonlyArray<string>) =>
    dsar(["webhooks", ...args, "--org", org.organization_id, "--data-dir", dataDir], env)
  const receiver = await startReceiver()
  const server = await serve(dataDir, env)
  try {
    const created = await on("create", receiver.url, "--event", "request.created", "--json")
    expect(created.code, created.stderr).toBe(0)
    const endpoint = JSON.parse(created.stdout)
    expect(endpoint).toMatchObject({ url: receiver.url, event_types: ["request.created"] })
    receiver.secrets.push(endpoint.secret)

    const session = await fetch(`${server.url}/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "api-key", key: org.key, secret: org.secret })
    }).then((response) => response.json() as Promise<{ access_token: string }>)
    const made = await fetch(`${server.url}/dsar/requests`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${session.access_token}` },
      body: JSON.stringify(createRequestExample)
    })
    expect(made.status).toBe(201)
    await until(() => receiver.received.length === 1, "the server delivered the event")
    expect(receiver.received[0]!.verifiedBy).toEqual([endpoint.secret])

    const remote = await dsar(
      ["webhooks", "list", "--json", "--url", server.url, "--key", org.key, "--secret", org.secret],
      env
    )
    expect(remote.code, remote.stderr).toBe(0)
    expect(JSON.parse(remote.stdout).map((e: { id: string }) => e.id)).toEqual([endpoint.id])
    const table = (await on("list")).stdout
    expect(table).toContain(endpoint.id)
    expect(table + remote.stdout).not.toContain(endpoint.secret)

    const log = JSON.parse((await on("deliveries", endpoint.id, "--json")).stdout)
    expect(log.map((d: { state: string; event_type: string }) => [d.event_type, d.state])).toEqual([
      ["request.created", "delivered"]
    ])
    const again = await on("redeliver", endpoint.id, log[0].id)
    expect(again.code, again.stderr).toBe(0)
    await until(() => receiver.received.length === 2, "the redelivery arrived")
    expect(receiver.received.map((r) => r.id)).toEqual([log[0].id, log[0].id])

    const rotated = await on("rotate", endpoint.id, "--overlap", "0", "--json")
    expect(rotated.code, rotated.stderr).toBe(0)
    expect(JSON.parse(rotated.stdout).secret).not.toBe(endpoint.secret)

    const refused = await dsar(
      [
        "webhooks",
        "create",
        "http://127.0.0.1:9/x",
        "--event",
        "request.created",
        "--org",
        org.organization_id,
        "--data-dir",
        dataDir
      ]
    )
    expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 1, stdout: "" })
    expect(refused.stderr).toMatch(/^BadRequest: url points to a private or loopback address/)

    expect((await on("delete", endpoint.id)).code).toBe(0)
    const gone = await on("deliveries", endpoint.id)
    expect(gone.code).toBe(1)
    expect(gone.stderr).toMatch(/^NotFound/)
  } finally {
    await server.stop()
    await receiver.close()
  }
})
