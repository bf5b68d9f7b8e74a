import { OperatorsService } from "@dsar/http"
import { HttpServer } from "@effect/platform"
import { expect, layer } from "@effect/vitest"
import axe from "axe-core"
import { Effect } from "effect"
import { gzipSync } from "node:zlib"
import type { Browser, Page, Response } from "playwright-core"
import { describe } from "vitest"
import { browserTrouble, chromiumAvailable, launchChromium } from "./support/Browser.js"
import { get, tenant } from "./support/Http.js"
import { TestApp } from "./support/TestApp.js"

// Every console page a user reaches, from the sign-in page to the refusals, walked in Chromium the
// way an operator walks them (links followed, forms filled and sent), each checked with axe-core
// against WCAG 2.0, 2.1 and 2.2 A and AA, at a desktop's width, a phone's (375 px) and the width
// WCAG's reflow criterion names (320 px), where none may scroll sideways. The console's CSP
// (`default-src 'none'`) blocks an injected script tag, so axe's source is evaluated through the
// DevTools protocol, which the page's CSP does not govern. What axe cannot see is checked here
// too: the keyboard alone works the request page, and every focus ring stands out (3:1).

const Widths = [1280, 375, 320] as const
const height = 800

interface Problem {
  readonly page: string
  readonly width: number
  readonly rule: string
  readonly help: string
  readonly targets: ReadonlyArray<string>
}

const runAxe =
  `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })
  .then((results) => ({
    checked: results.passes.length,
    violations: results.violations.map((v) => ({ rule: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }))
  }))`

/** What is wrong with the page as it is shown now, at every width: axe's violations and sideways scrolling. */
const problemsOf = async (page: Page, name: string): Promise<ReadonlyArray<Problem>> => {
  const found: Array<Problem> = []
  for (const width of Widths) {
    await page.setViewportSize({ width, height })
    if (await page.evaluate<boolean>(`typeof axe === "undefined"`)) await page.evaluate(axe.source)
    const { checked, violations } = await page.evaluate<{
      checked: number
      violations: ReadonlyArray<Omit<Problem, "page" | "width">>
    }>(runAxe)
    // A page axe found nothing to check on (not loaded, or empty) is a problem, not a pass.
    if (checked === 0) found.push({ page: name, width, rule: "axe-checked-nothing", help: "", targets: [] })
    for (const violation of violations) found.push({ page: name, width, ...violation })
    const [scrollWidth, innerWidth] = await page.evaluate<[number, number]>(
      `[document.scrollingElement.scrollWidth, innerWidth]`
    )
    if (scrollWidth > innerWidth) {
      found.push({
        page: name,
        width,
        rule: "horizontal-scroll",
        help: `the page is ${scrollWidth} px wide on a ${innerWidth} px screen`,
        targets: []
      })
    }
  }
  await page.setViewportSize({ width: Widths[0], height })
  return found
}

/** Follows a click to the page it loads. */
const clickThrough = (page: Page, name: string) =>
  Promise.all([page.waitForEvent("load"), page.getByRole("button", { name, exact: true }).click()])

/** The focused element, its focus ring, and the background just outside it where the ring is drawn. */
interface Stop {
  readonly key: string
  readonly ring: { readonly width: number; readonly color: string } | null
  readonly behind: string
}

const focusedStop = `(() => {
  const el = document.activeElement
  if (!el || el === document.body) return { key: "", ring: null, behind: "" }
  const style = getComputedStyle(el)
  const rect = el.getBoundingClientRect()
  const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2
  const x = rect.left - reach >= 0 ? rect.left - reach : rect.right + reach
  const under = document.elementsFromPoint(x, rect.top + rect.height / 2).find((n) => n !== el && !el.contains(n))
  let behind = "rgb(255, 255, 255)"
  for (let n = under; n; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor
    if (c !== "rgba(0, 0, 0, 0)") { behind = c; break }
  }
  return {
    key: el.tagName.toLowerCase() + ":" + (el.id || el.getAttribute("aria-label") || el.textContent.trim().slice(0, 40)),
    ring: style.outlineStyle === "none" ? null : { width: parseFloat(style.outlineWidth), color: style.outlineColor },
    behind
  }
})()`

const luminance = (color: string) => {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((part) => {
    const c = Number(part) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}
/** WCAG's contrast ratio of two `rgb()` colours. */
const contrast = (a: string, b: string) => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (light! + 0.05) / (dark! + 0.05)
}

/** Presses Tab until `done` says so (at most `limit` times), answering every element focused on the way. */
const tabUntil = async (page: Page, done: (stops: ReadonlyArray<Stop>) => boolean, limit = 100) => {
  const stops: Array<Stop> = []
  while (stops.length < limit && !done(stops)) {
    await page.keyboard.press("Tab")
    stops.push(await page.evaluate<Stop>(focusedStop))
  }
  return stops
}

const browser = Effect.acquireRelease(
  Effect.promise(launchChromium),
  (opened: Browser) => Effect.promise(() => opened.close())
)

/** Where the test server listens, for the browser (it reaches the server as any browser would). */
const origin = Effect.map(
  HttpServer.HttpServer,
  (server) => server.address._tag === "TcpAddress" ? `http://127.0.0.1:${server.address.port}` : ""
)

/**
 * An organisation with one verified access request (so its page offers every kind of form: the
 * plain status buttons, the fulfil form's download link, the refusal's reason, the extension, the
 * note), and the sign-in links of an agent and of a viewer of it.
 */
const fixture = (name: string) =>
  Effect.gen(function*() {
    const acme = yield* tenant(name)
    const request = yield* acme.createRequest()
    const operators = yield* OperatorsService
    const signInPath = (role: "agent" | "viewer") =>
      Effect.map(
        operators.add(acme.org, { email: `${role}@${name.toLowerCase()}.example`, role }),
        ({ operator, sign_in }) => ({ operator, path: new URL(sign_in.url).pathname })
      )
    return { acme, request, agent: yield* signInPath("agent"), viewer: yield* signInPath("viewer") }
  })

/**
 * A fresh browser profile's page. Its waits are for hangs, not speed: on a busy two-core CI a page
 * and the axe runs before it can take longer than Playwright's 30 s default.
 */
const freshPage = async (chromium: Browser) => {
  const context = await chromium.newContext({ viewport: { width: Widths[0], height } })
  context.setDefaultTimeout(120_000)
  return context.newPage()
}

/** A fresh browser profile signed in from `path`, its sign-in link. */
const signedInPage = async (chromium: Browser, base: string, path: string) => {
  const page = await freshPage(chromium)
  await page.goto(`${base}${path}`)
  await clickThrough(page, "Sign in")
  return page
}

/**
 * Runs a walk's steps on `page`; a step that fails says where the walk stood (the page's address,
 * status heading and notices), which cookies the browser still held, and what Chromium reported
 * going wrong inside it, so that a failure on a loaded CI machine explains itself.
 */
const walk = async <A>(page: Page, steps: () => Promise<A>): Promise<A> => {
  try {
    return await steps()
  } catch (error) {
    const where = await page.evaluate(
      `[location.pathname, document.title, [...document.querySelectorAll("h1, .notice, main > p")].map((n) => n.textContent.trim()).join(" | ")]`
    ).catch((cause) => [`(the page cannot be read: ${String(cause)})`])
    const cookies = await page.context().cookies().then(
      (held) => held.map((cookie) => cookie.name),
      (cause) => [`(the cookies cannot be read: ${String(cause)})`]
    )
    throw new Error(
      `${String(error)}\nThe walk stood at: ${JSON.stringify(where)}; cookies held: ${
        JSON.stringify(cookies)
      }; Chromium reported: ${JSON.stringify(browserTrouble())}`,
      { cause: error }
    )
  }
}

const StartWork = "button:Start work (work in progress)"

describe.runIf(chromiumAvailable)("the console in a browser", () => {
  layer(TestApp({ cheapHashing: true, checkAnswers: false }))("the console's accessibility", (it) => {
    it.scoped(
      "every console page a user reaches has no WCAG A or AA violation axe finds, and none scrolls sideways at 375 or 320 px",
      () =>
        Effect.gen(function*() {
          const chromium = yield* browser
          const base = yield* origin
          const { acme, agent, request, viewer } = yield* fixture("Axewalk")
          const operators = yield* OperatorsService
          const requestPath = `/console/requests/${request.id}`

          const walkAsAgent = async () => {
            const page = await freshPage(chromium)
            const found: Array<Problem> = []
            const at = async (name: string) => {
              for (const problem of await problemsOf(page, name)) found.push(problem)
            }
            await page.goto(`${base}/console`)
            await at("sign-in page (where /console sends one signed out)")
            await page.goto(`${base}/console/sign-in/not-a-token`)
            await at("unusable sign-in link")
            await page.goto(`${base}${agent.path}`)
            await at("sign-in link page")
            await clickThrough(page, "Sign in")
            await at("dashboard")
            await Promise.all([
              page.waitForEvent("load"),
              page.getByRole("link", { name: "Requests", exact: true }).click()
            ])
            await at("requests list")
            await page.goto(`${base}/console/requests?status=bogus`)
            await at("requests list with a filter it refuses")
            await page.goto(`${base}${requestPath}`)
            await at("request page")
            await page.getByLabel("Add a note").fill("Called the requester.")
            await clickThrough(page, "Add note")
            await at("request page with a note added")
            await clickThrough(page, "Start work (work in progress)")
            await at("request page with its status changed")
            // "For the reason explained below" without the explanation: the service refuses it.
            await page.getByLabel("Reason", { exact: true }).selectOption("other")
            await clickThrough(page, "Refuse")
            await at("request page with an action refused")
            await page.goto(`${base}/console/requests/req_nobody_knows`)
            await at("request that does not exist")
            await clickThrough(page, "Sign out")
            await at("signed out")
            await page.goto(`${base}${agent.path}`)
            await clickThrough(page, "Sign in")
            await at("sign-in link used a second time")
            return found
          }

          const viewerPage = yield* Effect.promise(async () => {
            const page = await signedInPage(chromium, base, viewer.path)
            await page.goto(`${base}${requestPath}`)
            return page
          })
          const asViewer = yield* Effect.promise(() => problemsOf(viewerPage, "request page for a viewer"))
          // The viewer's session ends (its operator is removed) while its page is open; its next form is refused.
          yield* operators.remove(acme.org, viewer.operator.id)
          const sessionEnded = yield* Effect.promise(async () => {
            await clickThrough(viewerPage, "Sign out")
            return problemsOf(viewerPage, "a form sent after the session ended")
          })

          const problems = [...(yield* Effect.promise(walkAsAgent)), ...asViewer, ...sessionEnded]
          expect(problems).toEqual([])
          const stored = (yield* get(`/dsar/requests/${request.id}`, acme.token)).json as { status: string }
          expect(stored.status, "the walk went through the forms it meant to").toBe("work_in_progress")
        }),
      300_000
    )

    it.scoped(
      "every settings page an admin reaches, its results and refusals included, has no WCAG A or AA violation axe finds, and none scrolls sideways",
      () =>
        Effect.gen(function*() {
          const chromium = yield* browser
          const base = yield* origin
          const { acme } = yield* fixture("Axesettings")
          const { sign_in } = yield* (yield* OperatorsService).add(acme.org, {
            email: "admin@axesettings.example",
            role: "admin"
          })
          const problems = yield* Effect.promise(async () => {
            const page = await signedInPage(chromium, base, new URL(sign_in.url).pathname)
            return walk(page, async () => {
              const found: Array<Problem> = []
              const at = async (name: string) => {
                for (const problem of await problemsOf(page, name)) found.push(problem)
              }
              const follow = (name: string) =>
                Promise.all([page.waitForEvent("load"), page.getByRole("link", { name, exact: true }).first().click()])
              await follow("Settings")
              await at("settings overview")
              await follow("Operators")
              await at("operators")
              await page.getByLabel("Email").fill("new.viewer@axesettings.example")
              await page.getByLabel("Role", { exact: true }).selectOption("viewer")
              await clickThrough(page, "Add and get a sign-in link")
              await at("operator added, with its sign-in link")
              await follow("Back to the operators")
              const ownRow = page.getByRole("row").filter({ hasText: "admin@axesettings.example" })
              await Promise.all([page.waitForEvent("load"), ownRow.getByRole("button", { name: "Remove" }).click()])
              await at("operators with a removal refused (the last admin)")
              await follow("API keys")
              await at("API keys")
              await clickThrough(page, "Create a key")
              await at("key created, with its secret")
              await follow("Back to the keys")
              await Promise.all([
                page.waitForEvent("load"),
                page.getByRole("button", { name: "Revoke" }).last().click()
              ])
              await at("API keys with a key revoked")
              await follow("Redirect domains")
              await at("redirect domains")
              await page.getByLabel("Redirect domains, one per line").fill("https://acme.example/")
              await clickThrough(page, "Save")
              await at("redirect domains refused")
              await page.getByLabel("Redirect domains, one per line").fill("acme.example")
              await clickThrough(page, "Save")
              await at("redirect domains saved")
              await follow("Webhooks")
              await at("webhooks")
              await page.getByLabel("URL", { exact: true }).fill("http://127.0.0.1:9/hook")
              await clickThrough(page, "Add the endpoint")
              await page.getByRole("alert").filter({ hasText: "private or loopback address" }).waitFor()
              await at("webhook endpoint refused")
              await page.getByLabel("URL", { exact: true }).fill("https://hooks.acme.example/dsar")
              await clickThrough(page, "Add the endpoint")
              await at("webhook endpoint added, its secret shown")
              await follow("Back to the webhooks")
              await follow("https://hooks.acme.example/dsar")
              await at("webhook endpoint's deliveries")
              await follow("Email templates")
              await at("email templates")
              await page.getByLabel("Language").selectOption("fr")
              await clickThrough(page, "Show")
              await at("email templates in another language")
              await follow("approval")
              await at("email template")
              await page.getByLabel("Subject").fill("Bonjour {{first_name}}")
              await clickThrough(page, "Save")
              await at("email template refused")
              await page.getByLabel("Subject").fill("{{organization_name}} : confirmez votre demande")
              await clickThrough(page, "Preview")
              await at("email template previewed")
              await clickThrough(page, "Save")
              await at("email template saved")
              await page.getByLabel("I understand that the organisation's template is deleted").check()
              await clickThrough(page, "Reset to the built-in template")
              await at("email template reset")
              return found
            })
          })
          expect(problems).toEqual([])
        }),
      // Under the full CI load (three packages' tests at once) a POST of this walk was at times
      // answered 403 "Your session has ended": the browser no longer held its session cookie.
      // Never alone, nor with the server package's other tests. A failed step now reports the
      // cookies held and what Chromium logged going wrong (a network service restarted under
      // load loses a context's cookies); until that is confirmed and fixed, the walk is tried
      // again with a fresh organisation, and a violation axe finds fails every try.
      { timeout: 300_000, retry: 2 }
    )

    it.scoped(
      "from the request page, the keyboard alone reaches the status buttons and the note form, and Enter on a status button changes the status",
      () =>
        Effect.gen(function*() {
          const chromium = yield* browser
          const base = yield* origin
          const { acme, agent, request } = yield* fixture("Keyboard")
          const requestPath = `/console/requests/${request.id}`
          const walked = yield* Effect.promise(async () => {
            const page = await signedInPage(chromium, base, agent.path)
            await page.goto(`${base}${requestPath}`)
            // On round the page (the note form comes after the actions) until a status button again.
            const stops = await tabUntil(page, (seen) =>
              seen.some((stop) => stop.key === "textarea:note") && seen.at(-1)?.key === StartWork)
            const keys = stops.map((stop) =>
              stop.key
            )
            if (keys.at(-1) === StartWork) await Promise.all([page.waitForEvent("load"), page.keyboard.press("Enter")])
            return { keys, url: page.url() }
          })
          expect(walked.keys).toEqual(
            expect.arrayContaining([StartWork, "button:Archive", "textarea:note", "button:Add note"])
          )
          expect(walked.keys.at(-1)).toBe(StartWork)
          expect(walked.url).toBe(`${base}${requestPath}?done=status`)
          const stored = (yield* get(`/dsar/requests/${request.id}`, acme.token)).json as { status: string }
          expect(stored.status).toBe("work_in_progress")
        }),
      120_000
    )

    it.scoped(
      "every control the keyboard reaches shows a focus ring of at least 2 px with 3:1 contrast against what surrounds it",
      () =>
        Effect.gen(function*() {
          const chromium = yield* browser
          const base = yield* origin
          const { agent, request } = yield* fixture("Focus")
          const faint = yield* Effect.promise(async () => {
            const page = await signedInPage(chromium, base, agent.path)
            const found: Array<string> = []
            for (const path of ["/console", "/console/requests", `/console/requests/${request.id}`]) {
              await page.goto(`${base}${path}`)
              // Once round the page: until the first control is focused again.
              const stops = await tabUntil(page, (seen) => seen.length > 1 && seen.at(-1)?.key === seen[0]?.key)
              expect(stops.length, path).toBeGreaterThan(5)
              // A date input takes a Tab per part (day, month, year), which the browser highlights
              // itself: its ring is checked where the focus enters it.
              const entered = stops.filter((each, i) => each.key !== "" && stops[i - 1]?.key !== each.key)
              for (const stop of entered) {
                const ratio = stop.ring === null ? 0 : contrast(stop.ring.color, stop.behind)
                if (stop.ring === null || stop.ring.width < 2 || ratio < 3) {
                  found.push(
                    `${path} ${stop.key}: ring ${JSON.stringify(stop.ring)} on ${stop.behind} (${ratio.toFixed(2)}:1)`
                  )
                }
              }
            }
            return [...new Set(found)]
          })
          expect(faint).toEqual([])
        }),
      120_000
    )

    it.scoped(
      "the console's first load, the dashboard with everything it loads, is at most 150 KB compressed and comes from the server alone",
      () =>
        Effect.gen(function*() {
          const chromium = yield* browser
          const base = yield* origin
          const { agent } = yield* fixture("Firstload")
          const loaded = yield* Effect.promise(async () => {
            const page = await signedInPage(chromium, base, agent.path)
            const responses: Array<Response> = []
            page.on("response", (response) => responses.push(response))
            // The dashboard loaded with the browser's cache off, as a first visit loads it.
            const devtools = await page.context().newCDPSession(page)
            await devtools.send("Network.setCacheDisabled", { cacheDisabled: true })
            await page.goto(`${base}/console`, { waitUntil: "networkidle" })
            const answers = await Promise.all(
              responses.map(async (response) => ({
                url: response.url(),
                bytes: gzipSync(await response.body()).length
              }))
            )
            await page.close()
            return answers
          })
          const paths = loaded.map((answer) => new URL(answer.url).pathname)
          // The page and its stylesheet, whatever else: the measure holds what the page loads.
          expect(paths).toContain("/console")
          expect(paths.some((path) => path.endsWith(".css"))).toBe(true)
          expect(loaded.filter((answer) => !answer.url.startsWith(base))).toEqual([])
          const total = loaded.reduce((sum, answer) => sum + answer.bytes, 0)
          expect(total, JSON.stringify(loaded)).toBeLessThanOrEqual(150 * 1024)
        }),
      120_000
    )
  })
})
