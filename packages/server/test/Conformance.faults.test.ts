import { RemotePrivacyRequests } from "@dsar/adapters/remote"
import { type ConformanceReport, runConformance, Wire } from "@dsar/conformance"
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Layer, Redacted } from "effect"
import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { demoCredentials, dsar, type Running, serve, tempDataDir } from "./support/Process.js"

interface Exchange {
  readonly method: string
  readonly url: URL
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

interface Answer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
}

/** One fault: it may rewrite what is sent to the server, and what comes back. */
interface Fault {
  readonly request?: (exchange: Exchange) => Exchange
  readonly response?: (
    exchange: Exchange,
    answer: Answer,
    forward: (exchange: Exchange) => Promise<Answer>
  ) => Promise<Answer>
}

const forwardTo = (target: string) => async (exchange: Exchange): Promise<Answer> => {
  const headers = Object.fromEntries(
    Object.entries(exchange.headers).filter(([name]) => !["host", "content-length", "connection"].includes(name))
  ) as Record<string, string>
  const response = await fetch(`${target}${exchange.url.pathname}${exchange.url.search}`, {
    method: exchange.method,
    headers,
    ...(exchange.body === "" ? {} : { body: exchange.body })
  })
  const answerHeaders: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    if (!["content-length", "content-encoding", "transfer-encoding", "connection"].includes(name)) {
      answerHeaders[name] = value
    }
  })
  return { status: response.status, headers: answerHeaders, body: await response.text() }
}

/** A node:http proxy on loopback in front of `target`, introducing `fault`. */
const mutatingProxy = async (target: string, fault: Fault) => {
  const forward = forwardTo(target)
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Array<Buffer> = []
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk))
    incoming.on("end", async () => {
      const sent: Exchange = {
        method: incoming.method ?? "GET",
        url: new URL(incoming.url ?? "/", "http://proxy"),
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString("utf8")
      }
      const exchange = fault.request?.(sent) ?? sent
      const answered = await forward(exchange)
      const answer = fault.response ? await fault.response(exchange, answered, forward) : answered
      outgoing.writeHead(answer.status, { ...answer.headers, "content-length": Buffer.byteLength(answer.body) })
      outgoing.end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

const isRequest = (exchange: Exchange) => /^\/dsar\/requests\/[^/]+$/.test(exchange.url.pathname)

const Faults: Record<string, Fault> = {
  // A refused status change answered as done: the request as the server has it, with the status asked for.
  "accepts a transition the lifecycle forbids": {
    response: async (exchange, answer, forward) => {
      if (exchange.method !== "PATCH" || answer.status !== 409) return answer
      const current = await forward({ ...exchange, method: "GET", body: "" })
      const asked = JSON.parse(exchange.body) as { status?: string }
      return { ...current, body: JSON.stringify({ ...JSON.parse(current.body), status: asked.status }) }
    }
  },
  // Non-editable properties dropped instead of refused: the rest of the PATCH applies.
  "accepts a forbidden PATCH field": {
    request: (exchange) => {
      if (exchange.method !== "PATCH" || !isRequest(exchange)) return exchange
      const body = JSON.parse(exchange.body) as Record<string, unknown>
      const editable = Object.fromEntries(
        Object.entries(body).filter(([key]) => ["status", "metadata", "extra_message_variables"].includes(key))
      )
      return { ...exchange, body: JSON.stringify(editable) }
    }
  },
  "ignores the status filter of a listing": {
    request: (exchange) => {
      if (exchange.method !== "GET" || exchange.url.pathname !== "/dsar/requests") return exchange
      const url = new URL(exchange.url)
      for (const key of [...url.searchParams.keys()]) {
        if (key === "status" || key.startsWith("status[")) url.searchParams.delete(key)
      }
      return { ...exchange, url }
    }
  },
  // The count of the page instead of every match.
  "reports a wrong x-total-count": {
    response: async (exchange, answer) =>
      exchange.method === "GET" && exchange.url.pathname === "/dsar/requests" && answer.status === 200
        ? {
          ...answer,
          headers: { ...answer.headers, "x-total-count": String((JSON.parse(answer.body) as Array<unknown>).length) }
        }
        : answer
  },
  "returns a wrong expires_at for a link": {
    // The default lifetime, whatever the lifetime asked for.
    response: async (exchange, answer) => {
      if (exchange.method !== "POST" || exchange.url.pathname !== "/dsar/links" || answer.status !== 201) return answer
      const link = JSON.parse(answer.body) as { created_at: string }
      return {
        ...answer,
        body: JSON.stringify({ ...link, expires_at: new Date(Date.parse(link.created_at) + 900_000).toISOString() })
      }
    }
  }
}

/** Answers another organisation's request: every request body seen is kept, and a 404 for one is answered with it. */
const answersAnotherOrganisation = (): Fault => {
  const seen = new Map<string, string>()
  return {
    response: async (exchange, answer) => {
      if (!isRequest(exchange) && !(exchange.method === "POST" && exchange.url.pathname === "/dsar/requests")) {
        return answer
      }
      if (answer.status === 200 || answer.status === 201) {
        const request = JSON.parse(answer.body) as { id: string }
        seen.set(request.id, answer.body)
        return answer
      }
      const id = decodeURIComponent(exchange.url.pathname.split("/").at(-1)!)
      const known = seen.get(id)
      return answer.status === 404 && exchange.method === "GET" && known !== undefined
        ? { ...answer, status: 200, body: known }
        : answer
    }
  }
}

const expectations: ReadonlyArray<readonly [string, () => Fault, string]> = [
  [
    "accepts a transition the lifecycle forbids",
    () => Faults["accepts a transition the lifecycle forbids"]!,
    "a status change is accepted exactly when the lifecycle allows it, and a refused one changes nothing"
  ],
  [
    "accepts a forbidden PATCH field",
    () => Faults["accepts a forbidden PATCH field"]!,
    "a PATCH naming a property other than status, metadata, extra_message_variables and refusal is refused as a whole, and changes nothing"
  ],
  [
    "ignores the status filter of a listing",
    () => Faults["ignores the status filter of a listing"]!,
    "a listing holds exactly the requests its status, user_right_id and organization_user_id filters select"
  ],
  [
    "reports a wrong x-total-count",
    () => Faults["reports a wrong x-total-count"]!,
    "a listing is sorted as asked, its pages are complete and disjoint, and x-total-count counts every match"
  ],
  [
    "answers another organisation's request",
    answersAnotherOrganisation,
    "another organisation's request is not found, and nothing it attempts changes it"
  ],
  [
    "returns a wrong expires_at for a link",
    () => Faults["returns a wrong expires_at for a link"]!,
    "an approval link expires at its creation plus its lifetime, a lifetime out of bounds is refused, and creating one changes nothing"
  ]
]

const clients = (url: string, credentials: { key: string; secret: string }) => {
  const options = { baseUrl: url, key: credentials.key, secret: Redacted.make(credentials.secret), retries: 0 }
  return {
    requests: RemotePrivacyRequests.layer(options).pipe(Layer.provide(NodeHttpClient.layerUndici)),
    wire: Wire.layer(options).pipe(Layer.provide(NodeHttpClient.layerUndici))
  }
}

describe("runConformance through a proxy that introduces one fault in front of dsar serve", () => {
  let server: Running
  let subject: { key: string; secret: string }
  let other: { key: string; secret: string }
  beforeAll(async () => {
    const dataDir = tempDataDir()
    server = await serve(dataDir)
    subject = demoCredentials(server.output().stdout)
    const created = await dsar(["orgs", "create", "--name", "Other", "--data-dir", dataDir])
    other = JSON.parse(created.stdout) as { key: string; secret: string }
  })
  afterAll(() => server.stop())

  const throughProxy = async (fault: Fault): Promise<ConformanceReport> => {
    const proxy = await mutatingProxy(server.url, fault)
    try {
      const mine = clients(proxy.url, subject)
      return await Effect.runPromise(
        runConformance({
          subject: mine.requests,
          wire: mine.wire,
          other: clients(proxy.url, other).requests,
          numRuns: 10,
          seed: 7
        })
      )
    } finally {
      await proxy.close()
    }
  }

  test("a proxy that changes nothing: every property passes", async () => {
    const report = await throughProxy({})
    expect(report.failed).toEqual([])
  })

  test.each(expectations)("a server that %s fails its rule, with a counterexample", async (_fault, fault, property) => {
    const report = await throughProxy(fault())
    const failure = report.failed.find((failed) => failed.property === property)
    expect(failure, `failed: ${JSON.stringify(report.failed.map((failed) => failed.property))}`).toBeDefined()
    expect(failure!.counterexample).not.toBe("")
    expect(failure!.seed).toBe(7)
    expect(report.passed).not.toContain(property)
  })

  test("dsar conformance through a faulty server prints the failing rule and the seed that replays it, and exits 1", async () => {
    const proxy = await mutatingProxy(server.url, Faults["returns a wrong expires_at for a link"]!)
    try {
      const finished = await dsar([
        "conformance",
        "--url",
        proxy.url,
        "--key",
        subject.key,
        "--secret",
        subject.secret,
        "--runs",
        "5",
        "--seed",
        "11"
      ])
      const lines = finished.stdout.trimEnd().split("\n")
      expect(lines).toContain(
        "FAIL  an approval link expires at its creation plus its lifetime, a lifetime out of bounds is refused, and creating one changes nothing"
      )
      expect(lines.some((line) => line.trim().startsWith("counterexample: ") && line.includes("CreateLink"))).toBe(true)
      expect(lines).toContain("Replay the failures with --seed 11 --runs 5")
      expect(lines.at(-1)).toMatch(/^\d+ passed, 1 failed$/)
      expect(finished.code).toBe(1)
    } finally {
      await proxy.close()
    }
  })
})
