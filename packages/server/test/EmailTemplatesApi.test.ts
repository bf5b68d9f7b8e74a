import { createRequestExample } from "@dsar/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { everyStore, type OnStore } from "./support/EveryStore.js"
import { hasErrorShape } from "./support/Http.js"

// The organisation's look and its email templates through the API (`/dsar/organization`,
// `/dsar/emails`), the same on every store: what is refused is a 400 naming the part and the
// problem, and leaves what is stored as it was.

const valid = {
  subject: "{{organization_name}}: please confirm",
  text: "Open {{url}} before {{expires_at_text}}. {{#extra.note}}{{extra.note}}{{/extra.note}}",
  html: `<p><a href="{{url}}">Confirm</a></p>`
}

describe.each(everyStore)("emails and the organisation's settings through the API, $name", (store) => {
  let on: OnStore
  beforeAll(async () => {
    on = await store.start()
  }, 120_000)
  afterAll(() => on.stop())

  it("lists every type of email with its built-in template, in the organisation's language", async () => {
    const [call] = on.through
    const listed = await call!("GET", "/dsar/emails")
    expect(listed.status).toBe(200)
    expect(listed.body.map((entry: { type: string }) => entry.type)).toEqual([
      "approval",
      "renewal",
      "reminder",
      "receipt",
      "access_fulfilled",
      "delete_fulfilled",
      "opt_out_fulfilled",
      "refusal",
      "extension_notice",
      "status_notice"
    ])
    expect(listed.body[0]).toMatchObject({ language: "en", custom: false, updated_at: null })
    expect(listed.body[0].variables).toContain("url")
    expect(listed.body.find((entry: { type: string }) => entry.type === "refusal").variables).toEqual(
      expect.arrayContaining(["refusal_reason", "refusal_reason_text", "refusal_details", "remedies"])
    )
    const french = await call!("GET", "/dsar/emails/approval?language=fr")
    expect(french.body.subject).toBe("Confirmez votre demande auprès de {{organization_name}}")
  })

  it("refuses a template naming unknown variables or with unbalanced sections, naming each, and stores nothing", async () => {
    const [call] = on.through
    const refused = await call!("PUT", "/dsar/emails/approval", {
      subject: "Hi {{first_name}}",
      text: "{{#url}}open it",
      html: "<p>{{{url}}}</p>"
    })
    expect(refused.status).toBe(400)
    expect(hasErrorShape(refused.body)).toBe(true)
    expect(refused.body.errors).toEqual([
      { path: "subject", message: "{{first_name}} is not a variable of this email" },
      { path: "text", message: `Unclosed section "url" at 15` },
      { path: "html", message: "{{{url}}} writes its value unescaped; use {{url}}" }
    ])
    expect((await call!("GET", "/dsar/emails/approval")).body.custom).toBe(false)
    expect((await call!("PUT", "/dsar/emails/no_such_type", valid)).status).toBe(404)
    expect((await call!("PUT", "/dsar/emails/approval?language=xx", valid)).status).toBe(400)
  })

  it("saves, previews and resets a template, per type and language", async () => {
    const [call] = on.through
    const saved = await call!("PUT", "/dsar/emails/approval", valid)
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    expect(saved.body).toMatchObject({ ...valid, custom: true, language: "en" })
    expect((await call!("GET", "/dsar/emails/approval?language=de")).body.custom).toBe(false)

    const preview = await call!("POST", "/dsar/emails/approval/preview", {})
    expect(preview.status).toBe(200)
    expect(preview.body.subject).toBe("Acme: please confirm")
    expect(preview.body.text).toMatch(/^Open https:\/\/dsar\.example\.org\/links\/preview before /)
    expect(preview.body.html).toContain("<!doctype html>")
    const other = await call!("POST", "/dsar/emails/refusal/preview?language=es", {
      subject: "{{organization_name}} {{status_label}}",
      text: "x",
      html: "<p>x</p>"
    })
    expect(other.body.subject).toBe("Acme rechazada")
    expect((await call!("POST", "/dsar/emails/refusal/preview", { subject: "{{url}}", text: "", html: "" })).status)
      .toBe(400)

    const reset = await call!("DELETE", "/dsar/emails/approval")
    expect(reset.body).toMatchObject({
      custom: false,
      subject: "Confirm your privacy request to {{organization_name}}"
    })
  })

  it("changes the organisation's settings, refusing bad ones by name; its requests then default to its language", async () => {
    const [call] = on.through
    const refused = await call!("PATCH", "/dsar/organization", {
      primary_color: "blue",
      logo_url: "http://acme.example/logo.png"
    })
    expect(refused.status).toBe(400)
    expect(refused.body.errors.map((issue: { path: string }) => issue.path).sort()).toEqual([
      "logo_url",
      "primary_color"
    ])
    expect((await call!("GET", "/dsar/organization")).body.settings.primary_color).toBeNull()

    const changed = await call!("PATCH", "/dsar/organization", {
      sender_name: "Acme Privacy",
      primary_color: "#0A7C55",
      default_language: "fr"
    })
    expect(changed.status, JSON.stringify(changed.body)).toBe(200)
    expect(changed.body.settings).toMatchObject({ sender_name: "Acme Privacy", primary_color: "#0a7c55" })
    expect((await call!("GET", "/dsar/organization")).body.settings.default_language).toBe("fr")

    const plain = await call!("POST", "/dsar/requests", {
      ...createRequestExample,
      organization_user_id: "someone-anywhere",
      user: { email: "someone@example.org" },
      source: { type: "DSAR" }
    })
    expect(plain.body.language).toBe("fr")
    const german = await call!("POST", "/dsar/requests", {
      ...createRequestExample,
      organization_user_id: "someone-in-berlin",
      user: { country: "DE" },
      source: { type: "DSAR", country: "US" }
    })
    expect(german.body.language).toBe("de")
    const asked = await call!("POST", "/dsar/requests", { ...createRequestExample, language: "es" })
    expect(asked.body.language).toBe("es")
    expect((await call!("PATCH", "/dsar/organization", { default_language: null })).status).toBe(400)
  })
})
