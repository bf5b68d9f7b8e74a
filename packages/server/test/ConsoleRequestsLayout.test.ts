import { NodeIdGenerator, ScryptSecretHasher } from "@dsar/adapters"
import { InMemoryStores } from "@dsar/adapters/memory"
import { type Actor, OrganizationUserId } from "@dsar/domain"
import {
  addNote,
  changeStatus,
  consoleRequestsCss,
  dashboardBody,
  dashboardData,
  listingPage,
  OrganizationsService,
  Raw,
  readConsoleListing,
  requestPageBody,
  RequestServicesLive,
  requestsListBody,
  RequestsService,
  Settings
} from "@dsar/http"
import { Duration, Effect, Either, Layer } from "effect"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { chromiumAvailable, launchChromium } from "./support/Browser.js"

// The request pages' bodies with their stylesheet, in Chromium at a phone's width: nothing is
// wider than the screen (a wide table scrolls inside its own region), and every form control
// and link is reached with the Tab key. Screenshots go to the reports for people to look at.

const screenshots = fileURLToPath(new URL("../.reports/screenshots/console/", import.meta.url))
const DAY = 86_400_000

const services = RequestServicesLive.pipe(
  Layer.provideMerge(Layer.mergeAll(
    InMemoryStores.layer,
    NodeIdGenerator.layer,
    ScryptSecretHasher.layerWith({ N: 1024, r: 8, p: 1 }),
    Layer.succeed(Settings, { publicBaseUrl: "http://localhost", sessionTtl: Duration.hours(1) })
  ))
)
const actor: Actor = { type: "system", id: "console-test" }

const bodies = Effect.gen(function*() {
  const organizations = yield* OrganizationsService
  const requests = yield* RequestsService
  const { organization_id } = yield* organizations.create({
    name: "Acme",
    default_redirect_url: "https://acme.example/"
  })
  const made = []
  for (
    const [i, status] of (["verified", "unverified", "work_in_progress", "verified", "fulfilled", "refused"] as const)
      .entries()
  ) {
    made.push(
      yield* requests.create(organization_id, {
        organization_user_id: OrganizationUserId.make(`customer-${1000 + i}`),
        user_right_id: i % 2 === 0 ? "gdpr_access" : "cpra_delete_my_data",
        status,
        request_fields: [{ field_id: "email", value: `a.very.long.name.${i}@example-company.org` }],
        source: { type: "DSAR", country: "FR" }
      }, actor)
    )
  }
  yield* changeStatus(organization_id, made[0]!.id, { status: "work_in_progress" }, actor)
  yield* addNote(organization_id, made[0]!.id, { value: "Asked the data team for the export." })
  const now = new Date(Date.now() + 26 * DAY)
  const listing = Either.getOrThrow(readConsoleListing(""))
  const request = yield* requests.get(organization_id, made[0]!.id)
  return {
    dashboard: dashboardBody(yield* dashboardData(organization_id, now)),
    list: requestsListBody(listing, yield* listingPage(organization_id, listing), now),
    request: requestPageBody({
      request,
      history: yield* requests.history(organization_id, request.id),
      notes: [{
        id: "note_1" as never,
        created_at: now,
        updated_at: now,
        organization_id,
        request_id: request.id,
        value: "Asked the data team for the export."
      }],
      now,
      csrf: new Raw(`<input type="hidden" name="csrf" value="t">`),
      mayChange: true,
      mayErase: true,
      notice: { kind: "error", text: "Invalid request: refusal[details] is required when the reason is other" }
    })
  }
}).pipe(Effect.provide(services))

const documentOf = (body: Raw) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Console</title>
<style>body{margin:0;font:1rem/1.5 system-ui,sans-serif;color:#1f2933}main{padding:1rem;max-width:72rem;margin:0 auto}${consoleRequestsCss}</style>
</head><body><main>${body.html}</main></body></html>`

describe.runIf(chromiumAvailable)("the request pages at 375 px", () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
    mkdirSync(screenshots, { recursive: true })
  }, 60_000)
  afterAll(() => browser?.close())

  it("fit the screen and every control is reached with Tab", async () => {
    const pages = await Effect.runPromise(bodies)
    for (const [name, body] of Object.entries(pages)) {
      const page = await browser.newPage({ viewport: { width: 375, height: 800 } })
      await page.setContent(documentOf(body))
      const overflow = await page.evaluate<number>("document.documentElement.scrollWidth")
      expect(overflow, name).toBeLessThanOrEqual(375)
      const controls = await page.evaluate<number>(`(() => {
        const all = document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex='0']")
        all.forEach((el, i) => el.setAttribute("data-control", String(i)))
        return all.length
      })()`)
      const reached = new Set<string>()
      // A date input takes a Tab per part (day, month, year), so more presses than controls.
      for (let i = 0; i < controls * 2; i++) {
        await page.keyboard.press("Tab")
        reached.add(await page.evaluate<string>(`document.activeElement?.getAttribute("data-control") ?? "none"`))
      }
      reached.delete("none")
      expect(reached.size, name).toBe(controls)
      await page.screenshot({ path: join(screenshots, `${name}-375.png`), fullPage: true })
      await page.setViewportSize({ width: 1280, height: 900 })
      await page.screenshot({ path: join(screenshots, `${name}-1280.png`), fullPage: true })
      await page.close()
    }
  }, 120_000)
})
