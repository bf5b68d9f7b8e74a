import { createRequestExample } from "@dsar/domain"
import { expect, it } from "vitest"
import { serve, tempDataDir } from "../support/Process.js"
import { demoSession } from "../support/Session.js"
import { isValidHistory, SpecTable } from "../support/Lifecycle.js"

it("50 concurrent conflicting status changes on one request store one valid sequence (SQLite)", async () => {
  const running = await serve(tempDataDir())
  try {
    const token = await demoSession(running.output().stdout).token(running.url)
    const call = (path: string, method: string, body?: unknown) =>
      fetch(`${running.url}${path}`, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
    const { id } = (await (await call("/dsar/requests", "POST", createRequestExample)).json()) as { id: string }
    const targets = SpecTable.verified
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(`/dsar/requests/${id}`, "PATCH", { status: targets[i % targets.length] }))
    )
    expect(answers.every((answer) => answer.status === 200 || answer.status === 409)).toBe(true)
    const history = (await (await call(`/dsar/requests/${id}/history`, "GET")).json()) as Array<{ from_status: string | null; to_status: string }>
    expect(isValidHistory(history)).toBe(true)
    const final = (await (await call(`/dsar/requests/${id}`, "GET")).json()) as { status: string }
    expect(final.status).toBe(history.at(-1)!.to_status)
  } finally {
    await running.stop()
  }
})
