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

/** Calls the API of the server at `url` with a session token; `body` is sent as JSON. */
export const authorized = (url: string, token: string) => async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  // A 500 from the platform has no body: the status tells, not a JSON parse error.
  const text = await response.text()
  return { status: response.status, body: (text === "" ? undefined : JSON.parse(text)) as any }
}
