import { expect } from "vitest"
import { demoCredentials } from "./Process.js"

/** Opens a session over HTTP and returns its bearer token. */
export const sessionToken = async (url: string, key: string, secret: string) => {
  const response = await fetch(`${url}/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "api-key", key, secret })
  })
  expect(response.status).toBe(201)
  return ((await response.json()) as { access_token: string }).access_token
}

/** The demo organisation `dsar serve` prints on its first start, and sessions for it. */
export const demoSession = (stdout: string) => {
  const credentials = demoCredentials(stdout)
  return { ...credentials, token: (url: string) => sessionToken(url, credentials.key, credentials.secret) }
}
