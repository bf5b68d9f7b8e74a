import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

/** The organisation's own site on loopback, where requesters land after confirming: it records each visit. */
export const redirectTarget = async () => {
  const visits: Array<string> = []
  const server = createServer((request, response) => {
    visits.push(request.url ?? "")
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" })
    response.end(
      `<!doctype html><html lang="en"><title>Thank you</title><h1>Thank you, your request is confirmed</h1></html>`
    )
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: `${origin}/privacy/confirmed`,
    visits: () => visits.slice(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
