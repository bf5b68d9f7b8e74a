import {
  defaultOrganizationSettings,
  type Language,
  Languages,
  OrganizationId,
  RequestId,
  translate,
  userRight
} from "@dsar/domain"
import { type EmailContext, LinkPage, type OutboxMessage, renderEmail, renderLinkPage } from "@dsar/http"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { chromiumAvailable, launchChromium } from "./support/Browser.js"

// The emails and link pages as a requester sees them: rendered in Chromium on a phone's width
// (375 px) and a desktop's, screenshots kept in the test reports for a person to look at, and
// checked for what breaks a layout on a small screen: anything wider than the screen.

const screenshots = fileURLToPath(new URL("../.reports/screenshots/emails/", import.meta.url))

const widths = { phone: 375, desktop: 1280 } as const

const created_at = new Date("2026-03-02T10:00:00.000Z")

const message = (kind: OutboxMessage["kind"], variables: OutboxMessage["variables"]): OutboxMessage => ({
  id: "msg_1",
  organization_id: OrganizationId.make("org_acme"),
  request_id: RequestId.make("req_01JQ4ZK8W6N3T1V9XH2C5B7DEF"),
  kind,
  to: "alice@example.org",
  created_at,
  variables
})

// A long, unbroken link and a long organisation name: what overflows a narrow screen first.
const approval = message("approval", {
  url: `https://privacy.acme-stores.example/links/${"k".repeat(43)}`,
  expires_at: "2026-03-02T10:15:00.000Z"
})
const reminder = message("reminder", {
  url: `https://privacy.acme-stores.example/links/${"r".repeat(43)}`,
  expires_at: "2026-03-09T10:15:00.000Z",
  closes_at: "2026-04-01T10:00:00.000Z"
})
const receipt = message("receipt", {})
const fulfilled = message("status_notice", {
  status: "fulfilled",
  extra_message_variables: {
    download_link: `https://files.acme-stores.example/exports/alice-${"x".repeat(60)}.zip?signature=abc&expires=1`
  }
})

const context = (language: Language, branded: boolean): EmailContext => ({
  organization: {
    name: "Acme Stores International Holdings",
    settings: branded
      ? {
        ...defaultOrganizationSettings,
        sender_name: "Acme Privacy Team",
        reply_to: "privacy@acme-stores.example",
        primary_color: "#0a7c55",
        background_color: "#eef6f2"
      }
      : defaultOrganizationSettings
  },
  request: {
    user_right_id: "cpra_access_my_data",
    created_at,
    expires_at: new Date("2026-04-16T10:00:00.000Z"),
    status: "unverified",
    language
  }
})

// Evaluated in the page (a string: this package's TypeScript has no DOM types).
const overflow = (page: Page) =>
  page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth")

describe.runIf(chromiumAvailable)("emails and link pages in a browser, on a phone and a desktop", () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchChromium()
    mkdirSync(screenshots, { recursive: true })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
  })

  const shoot = async (name: string, html: string) => {
    for (const [device, width] of Object.entries(widths)) {
      const page = await browser.newPage({ viewport: { width, height: 800 } })
      try {
        // Offline: the page may fetch nothing (an email's logo would be the only thing).
        await page.route("**/*", (route) => route.abort())
        await page.setContent(html)
        await page.screenshot({ path: join(screenshots, `${name}-${device}.png`), fullPage: true })
        expect(await overflow(page), `${name} on a ${device} (${width} px) is wider than the screen`).toBe(0)
        if (device === "phone") {
          const button = page.locator(`a[style*="inline-block"]`)
          if ((await button.count()) > 0) {
            const box = await button.first().boundingBox()
            expect(box!.x + box!.width, `${name}: the button fits the screen`).toBeLessThanOrEqual(width)
            expect(box!.height, `${name}: the button is big enough to tap`).toBeGreaterThanOrEqual(40)
          }
        }
      } finally {
        await page.close()
      }
    }
  }

  it(
    "the approval email, its reminder, the receipt and the answer to an access request, in every language, plain and branded",
    async () => {
      for (const language of Languages) {
        for (const branded of [false, true]) {
          const look = branded ? "branded" : "plain"
          await shoot(`approval-${language}-${look}`, renderEmail(approval, context(language, branded)).html)
          await shoot(`reminder-${language}-${look}`, renderEmail(reminder, context(language, branded)).html)
          await shoot(`receipt-${language}-${look}`, renderEmail(receipt, context(language, branded)).html)
          await shoot(`access-fulfilled-${language}-${look}`, renderEmail(fulfilled, context(language, branded)).html)
        }
      }
    },
    240_000
  )

  it("the confirmation page, in every language, in the organisation's colours", async () => {
    for (const language of Languages) {
      const outcome = LinkPage.Confirm({
        organization: "Acme Stores International Holdings",
        settings: context(language, true).organization.settings,
        language,
        request: {
          id: approval.request_id,
          right: translate(userRight("cpra_access_my_data").label, language),
          status: "unverified",
          created_at
        },
        status: "verified",
        expires_at: new Date("2026-03-02T10:15:00.000Z"),
        redirect_url: "https://www.acme-stores.example/privacy/thank-you"
      })
      const response = renderLinkPage(outcome)
      const body = response.body._tag === "Uint8Array" ? new TextDecoder().decode(response.body.body) : ""
      await shoot(`confirm-page-${language}`, body)
    }
  }, 120_000)
})
