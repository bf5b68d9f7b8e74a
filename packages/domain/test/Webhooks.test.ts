import { test } from "@fast-check/vitest"
import fc from "fast-check"
import { describe, expect } from "vitest"
import {
  type HistoryEntry,
  isPrivateAddress,
  LinkId,
  OrganizationId,
  overdueEvent,
  type RequestChange,
  RequestId,
  signingSecrets,
  Statuses,
  type UserRightId,
  UserRightsCatalogue,
  webhookEvents,
  WebhookEventTypes,
  webhookTargetProblem
} from "../src/index.js"

const status = fc.constantFrom(...Statuses)
const instant = fc.date({ min: new Date("2020-01-01T00:00:00.000Z"), max: new Date("2030-01-01T00:00:00.000Z") })
const right = fc.constantFrom(...(Object.keys(UserRightsCatalogue) as Array<UserRightId>))
const actions: ReadonlyArray<HistoryEntry["action"]> = [
  "request.create",
  "request.update",
  "link.confirm",
  "request.erase",
  "email.failed",
  "email.retry",
  "request.extend"
]

const change = (action: fc.Arbitrary<HistoryEntry["action"]>) =>
  fc.record({
    action,
    request: fc.record({
      id: fc.constant(RequestId.make("req_1")),
      organization_id: fc.constant(OrganizationId.make("org_1")),
      user_right_id: right,
      status,
      expires_at: instant
    }),
    from_status: fc.option(status, { nil: null }),
    actor: fc.constantFrom<RequestChange["actor"]>(
      { type: "api_key", id: "key_1" },
      { type: "link", id: LinkId.make("lnk_1") },
      { type: "system", id: "outbox" }
    ),
    at: instant
  })

const moved = (c: RequestChange) => c.from_status !== null && c.from_status !== c.request.status
const types = (c: RequestChange) => webhookEvents(c).map((event) => event.type)

// Written out by hand: what an event may tell a receiver. No email, field, metadata or message variable.
const AllowedData = ["organization_id", "request_id", "user_right_id", "status", "from_status", "expires_at", "link_id"]

describe("webhook events of a change", () => {
  test.prop([change(fc.constantFrom("request.update", "link.confirm"))])(
    "a change of status causes one request.status_changed, and request.verified exactly when it reaches verified",
    (c) => {
      const count = (type: string) => types(c).filter((t) => t === type).length
      expect(count("request.status_changed")).toBe(moved(c) ? 1 : 0)
      expect(count("request.verified")).toBe(moved(c) && c.request.status === "verified" ? 1 : 0)
    }
  )

  test.prop([change(fc.constant("request.update"))])(
    "an update that moves no status (metadata, message variables) causes no event",
    (c) => {
      fc.pre(!moved(c))
      expect(webhookEvents(c)).toEqual([])
    }
  )

  test.prop([change(fc.constant("link.confirm"))])(
    "a confirmed link is link.confirmed first, naming the link, then its status events",
    (c) => {
      const [first] = webhookEvents(c)
      expect(first?.type).toBe("link.confirmed")
      expect(first?.data.link_id).toBe(c.actor.type === "link" ? c.actor.id : undefined)
    }
  )

  test.prop([change(fc.constantFrom(...actions))])(
    "creation, erasure, an extension and a given-up email each cause their one event; a retried email none",
    (c) => {
      const expected: Partial<Record<HistoryEntry["action"], string>> = {
        "request.create": "request.created",
        "request.erase": "request.erased",
        "email.failed": "email.failed",
        "request.extend": "request.extended"
      }
      const wanted = expected[c.action]
      if (wanted !== undefined) expect(types(c)).toEqual([wanted])
      if (c.action === "email.retry") expect(types(c)).toEqual([])
    }
  )

  test.prop([change(fc.constantFrom(...actions))])(
    "every event carries ids, statuses and the deadline only, of the request changed, at the change's time",
    (c) => {
      for (const event of [...webhookEvents(c), overdueEvent(c.request, c.at)]) {
        expect(WebhookEventTypes).toContain(event.type)
        expect(AllowedData).toEqual(expect.arrayContaining(Object.keys(event.data)))
        expect(event.data.request_id).toBe(c.request.id)
        expect(event.data.status).toBe(c.request.status)
        expect(event.timestamp).toEqual(c.at)
      }
    }
  )
})

const octet = fc.integer({ min: 0, max: 255 })
const ipv4 = fc.tuple(octet, octet, octet, octet).map((parts) => parts.join("."))
const inRange = (prefix: string, free: number) =>
  fc.array(octet, { minLength: free, maxLength: free }).map((rest) => [prefix, ...rest].join("."))

describe("webhook target addresses", () => {
  test.prop([
    fc.oneof(
      inRange("10", 3),
      inRange("127", 3),
      inRange("192.168", 2),
      inRange("169.254", 2),
      fc.tuple(fc.integer({ min: 16, max: 31 }), octet, octet).map(([b, c, d]) => `172.${b}.${c}.${d}`)
    )
  ])("an address in a private, loopback or link-local IPv4 range is private, and so is its IPv6-mapped form", (a) => {
    expect(isPrivateAddress(a)).toBe(true)
    expect(isPrivateAddress(new URL(`http://[::ffff:${a}]/`).hostname)).toBe(true)
  })

  test.prop([ipv4])("an IPv4 address and its IPv6-mapped form, as a URL writes it, are judged alike", (a) => {
    expect(isPrivateAddress(new URL(`http://[::ffff:${a}]/`).hostname)).toBe(isPrivateAddress(a))
  })

  test.prop([fc.constantFrom("8.8.8.8", "1.1.1.1", "93.184.216.34", "[2606:4700:4700::1111]", "[2001:db8::1]")])(
    "a public address is not private",
    (a) => {
      expect(isPrivateAddress(a)).toBe(false)
    }
  )

  test.prop([fc.constantFrom("[::1]", "[::]", "[fd00::1]", "[fe80::1]", "[fc12:3456::9]", "[ff02::1]")])(
    "IPv6 loopback, unspecified, unique-local, link-local and multicast addresses are private",
    (a) => {
      expect(isPrivateAddress(a)).toBe(true)
    }
  )

  test.prop([
    fc.oneof(
      inRange("127", 3).map((a) => `http://${a}:8080/hook`),
      fc.constantFrom(
        "http://localhost/hook",
        "https://api.localhost/hook",
        "http://[::1]:9000/",
        "http://2130706433/",
        "http://0x7f.0.0.1/",
        "http://169.254.169.254/latest/meta-data"
      )
    )
  ])("a target on a private or loopback address is refused unless allowed, however the address is written", (url) => {
    expect(webhookTargetProblem(url, { allowPrivate: false })).toMatch(/private or loopback/)
    expect(webhookTargetProblem(url, { allowPrivate: true })).toBeUndefined()
  })

  test.prop([
    fc.constantFrom("ftp://example.com/", "example.com/hook", "javascript:alert(1)", "https://u:p@example.com/")
  ])(
    "a target that is not a plain absolute http(s) URL is refused even where private targets are allowed",
    (url) => {
      expect(webhookTargetProblem(url, { allowPrivate: true })).toBeDefined()
    }
  )

  test.prop([fc.webUrl({ validSchemes: ["https"] })])("a public https URL is accepted", (url) => {
    const host = new URL(url).hostname
    fc.pre(!isPrivateAddress(host) && host !== "localhost" && !host.endsWith(".localhost") && !url.includes("@"))
    expect(webhookTargetProblem(url, { allowPrivate: false })).toBeUndefined()
  })
})

describe("signing secrets", () => {
  const secrets = (expires: Date | null) => ({
    secret: "whsec_bmV3",
    previous_secret: expires === null ? null : "whsec_b2xk",
    previous_secret_expires_at: expires
  })

  test.prop([instant, fc.integer({ min: 1, max: 10 ** 9 })])(
    "during the overlap both secrets sign, the current one first; from its end on, the current one alone",
    (now, ms) => {
      expect(signingSecrets(secrets(new Date(now.getTime() + ms)), now)).toEqual(["whsec_bmV3", "whsec_b2xk"])
      expect(signingSecrets(secrets(new Date(now.getTime() - ms + 1)), now)).toEqual(["whsec_bmV3"])
      expect(signingSecrets(secrets(null), now)).toEqual(["whsec_bmV3"])
    }
  )
})
