import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { page, signedIn, submit } from "./support/Console.js"
import { get, tenant } from "./support/Http.js"
import { TestApp } from "./support/TestApp.js"

// The console's email templates pages, driven over HTTP as a browser without script drives them,
// checked against what the API (`/dsar/emails`) answers.

const csrfBody = (csrf: string, fields: Record<string, string> = {}) =>
  new URLSearchParams({ csrf, ...fields }).toString()

const h1Count = (text: string) => text.match(/<h1[ >]/g)?.length ?? 0

interface Template {
  readonly subject: string
  readonly text: string
  readonly html: string
  readonly custom: boolean
}

/** An organisation, its admin signed in, and the API's view of one of its templates. */
const setUp = (name: string) =>
  Effect.gen(function*() {
    const acme = yield* tenant(name)
    const admin = yield* signedIn(acme.org, `admin@${name.toLowerCase().replace(/\W/g, "")}.example`, "admin")
    const inApi = (type: string, language = "en") =>
      Effect.map(get(`/dsar/emails/${type}?language=${language}`, acme.token), (answer) => answer.json as Template)
    return { acme, admin, inApi }
  })

const approval = "/console/settings/emails/approval"

const mine = {
  subject: "{{organization_name}}: please confirm",
  text: "Open {{url}}\r\nbefore {{expires_at_text}}.",
  html: `<p><a href="{{url}}">Confirm</a></p>`
}

layer(TestApp({ cheapHashing: true, checkAnswers: false }))("the console's email templates", (it) => {
  it.effect(
    "an admin lists every type of email, edits one and saves it; the API's GET /dsar/emails/:type answers the saved template",
    () =>
      Effect.gen(function*() {
        const { admin, inApi } = yield* setUp("Templates Acme")
        expect((yield* page("/console/settings", admin.cookie)).text).toContain(`href="/console/settings/emails"`)

        const listed = yield* page("/console/settings/emails", admin.cookie)
        expect(listed.status, listed.text).toBe(200)
        for (const type of ["approval", "reminder", "refusal", "status_notice"]) {
          expect(listed.text).toContain(`href="/console/settings/emails/${type}?language=en"`)
        }
        expect(listed.text).not.toContain("<strong>custom</strong>")
        expect(listed.text).toContain(`<option value="en" selected>English (en), default</option>`)

        const builtIn = yield* inApi("approval")
        const edit = yield* page(`${approval}?language=en`, admin.cookie)
        expect(edit.status, edit.text).toBe(200)
        expect(edit.text).toContain(`name="subject" rows="2" spellcheck="false">\n${builtIn.subject}</textarea>`)
        expect(edit.text).toContain("<li><code>{{expires_at_text}}</code></li>")

        const saved = yield* submit(approval, admin.cookie, csrfBody(admin.csrf, { language: "en", ...mine }))
        expect(saved.status, saved.text).toBe(303)
        expect(saved.headers["location"]).toBe(`${approval}?language=en&done=saved`)
        // The browser's CRLF line breaks are stored as the LF they were written with.
        expect(yield* inApi("approval")).toMatchObject({ ...mine, text: mine.text.replace("\r\n", "\n"), custom: true })
        const shown = yield* page(saved.headers["location"]!, admin.cookie)
        expect(shown.text).toContain("The template was saved")
        expect(shown.text).toContain("the organisation&#39;s own, saved")
        expect((yield* page("/console/settings/emails", admin.cookie)).text).toContain("<strong>custom</strong>")

        // Another language is another template: the English one stays.
        const french = yield* submit(
          approval,
          admin.cookie,
          csrfBody(admin.csrf, { language: "fr", ...mine, subject: "{{organization_name}} : confirmez" })
        )
        expect(french.status, french.text).toBe(303)
        expect((yield* inApi("approval", "fr")).subject).toBe("{{organization_name}} : confirmez")
        expect((yield* inApi("approval")).subject).toBe(mine.subject)
        const inFrench = yield* page("/console/settings/emails?language=fr", admin.cookie)
        expect(inFrench.text).toContain(`<option value="fr" selected>French (fr)</option>`)
        expect(inFrench.text).toContain(`href="/console/settings/emails/approval?language=fr"`)
      }),
    60_000
  )

  it.effect(
    "a refused save is a 400 naming each part and its problem, the unknown variable among them, shows the form as sent and stores nothing",
    () =>
      Effect.gen(function*() {
        const { admin, inApi } = yield* setUp("Templates Globex")
        const refused = yield* submit(
          approval,
          admin.cookie,
          csrfBody(admin.csrf, { ...mine, subject: "Hi {{first_name}}", text: "{{#url}}open it" })
        )
        expect(refused.status).toBe(400)
        expect(refused.text).toContain("Nothing was saved:")
        expect(refused.text).toContain("<li>Subject: {{first_name}} is not a variable of this email</li>")
        expect(refused.text).toContain("<li>Text: Unclosed section &#34;url&#34;")
        expect(refused.text).toContain(">\nHi {{first_name}}</textarea>")
        expect(refused.text).toContain(">\n{{#url}}open it</textarea>")
        expect(h1Count(refused.text)).toBe(1)
        expect((yield* inApi("approval")).custom).toBe(false)
      }),
    60_000
  )

  it.effect(
    "a preview renders the typed template with the sample data, its HTML part in a sandboxed frame, and stores nothing",
    () =>
      Effect.gen(function*() {
        const { admin, inApi } = yield* setUp("Templates Initech")
        const previewed = yield* submit(`${approval}/preview`, admin.cookie, csrfBody(admin.csrf, mine))
        expect(previewed.status, previewed.text).toBe(200)
        expect(previewed.text).toContain(`<p class="email-subject">Templates Initech: please confirm</p>`)
        expect(previewed.text).toContain("Open https://dsar.example.org/links/preview\nbefore")
        expect(previewed.text).toMatch(/<iframe class="email-html" sandbox srcdoc="&#60;!doctype html&#62;/)
        // The frame takes the page's policy: its inline styles are allowed by their hashes, no script at all.
        const policy = previewed.headers["content-security-policy"] ?? ""
        expect(policy).toMatch(/style-src 'self' 'unsafe-hashes' 'sha256-[A-Za-z0-9+/=]+'/)
        expect(policy).toContain("default-src 'none'")
        expect(policy).not.toContain("script-src")
        expect(previewed.text).toContain(">\n{{organization_name}}: please confirm</textarea>")
        expect((yield* inApi("approval")).custom).toBe(false)

        const refused = yield* submit(
          `${approval}/preview`,
          admin.cookie,
          csrfBody(admin.csrf, { ...mine, html: "<p>{{{url}}}</p>" })
        )
        expect(refused.status).toBe(400)
        expect(refused.text).toContain("<li>HTML: {{{url}}} writes its value unescaped; use {{url}}</li>")
        expect(refused.text).not.toContain("<iframe")
      }),
    60_000
  )

  it.effect("a reset, once confirmed, brings the built-in template back", () =>
    Effect.gen(function*() {
      const { admin, inApi } = yield* setUp("Templates Umbrella")
      const builtIn = yield* inApi("approval")
      expect((yield* submit(approval, admin.cookie, csrfBody(admin.csrf, mine))).status).toBe(303)
      const edit = yield* page(approval, admin.cookie)
      expect(edit.text).toContain("Reset to the built-in template</button>")

      const unconfirmed = yield* submit(`${approval}/reset`, admin.cookie, csrfBody(admin.csrf, { language: "en" }))
      expect(unconfirmed.status).toBe(400)
      expect(unconfirmed.text).toContain("The confirmation: must be ticked")
      expect((yield* inApi("approval")).custom).toBe(true)

      const reset = yield* submit(
        `${approval}/reset`,
        admin.cookie,
        csrfBody(admin.csrf, { language: "en", confirm: "yes" })
      )
      expect(reset.status, reset.text).toBe(303)
      expect(reset.headers["location"]).toBe(`${approval}?language=en&done=reset`)
      expect(yield* inApi("approval")).toEqual(builtIn)
      const shown = yield* page(reset.headers["location"]!, admin.cookie)
      expect(shown.text).toContain("The built-in template is back.")
      expect(shown.text).not.toContain("Reset to the built-in template</button>")
    }), 60_000)

  it.effect(
    "an agent and a viewer get 403 on the email templates pages and on each of their forms, and nothing changes",
    () =>
      Effect.gen(function*() {
        const { acme, admin, inApi } = yield* setUp("Templates Hooli")
        expect((yield* submit(approval, admin.cookie, csrfBody(admin.csrf, mine))).status).toBe(303)
        const before = yield* inApi("approval")
        for (const role of ["agent", "viewer"] as const) {
          const someone = yield* signedIn(acme.org, `${role}@templates-hooli.example`, role)
          for (const path of ["/console/settings/emails", approval]) {
            expect((yield* page(path, someone.cookie)).status, path).toBe(403)
          }
          const posts: ReadonlyArray<readonly [string, Record<string, string>]> = [
            [approval, { ...mine, subject: "Taken over" }],
            [`${approval}/preview`, mine],
            [`${approval}/reset`, { confirm: "yes" }]
          ]
          for (const [path, fields] of posts) {
            expect((yield* submit(path, someone.cookie, csrfBody(someone.csrf, fields))).status, path).toBe(403)
          }
        }
        expect(yield* inApi("approval")).toEqual(before)
      }),
    60_000
  )

  it.effect(
    "a form without the session's CSRF token, or with another, is refused with 403, and nothing changes",
    () =>
      Effect.gen(function*() {
        const { admin, inApi } = yield* setUp("Templates Stark")
        for (const path of [approval, `${approval}/preview`, `${approval}/reset`]) {
          const fields = { ...mine, confirm: "yes" }
          expect((yield* submit(path, admin.cookie, new URLSearchParams(fields).toString())).status, path).toBe(403)
          expect((yield* submit(path, admin.cookie, csrfBody("not-the-token", fields))).status, path).toBe(403)
        }
        expect((yield* inApi("approval")).custom).toBe(false)
      }),
    60_000
  )

  it.effect(
    "an unknown type of email or language is not found, on the pages and the forms alike",
    () =>
      Effect.gen(function*() {
        const { admin } = yield* setUp("Templates Wayne")
        const answers = [
          yield* page("/console/settings/emails/nope", admin.cookie),
          yield* page(`${approval}?language=xx`, admin.cookie),
          yield* page("/console/settings/emails?language=xx", admin.cookie),
          yield* submit("/console/settings/emails/nope", admin.cookie, csrfBody(admin.csrf, mine)),
          yield* submit(`${approval}/preview`, admin.cookie, csrfBody(admin.csrf, { ...mine, language: "xx" }))
        ]
        expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404])
        for (const answer of answers) expect(h1Count(answer.text)).toBe(1)
      }),
    60_000
  )
})
