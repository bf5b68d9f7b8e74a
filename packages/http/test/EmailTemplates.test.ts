import {
  defaultOrganizationSettings,
  Languages,
  OrganizationId,
  RegulationsCatalogue,
  RequestId,
  type UserRightId
} from "@dsar/domain"
import Mustache from "mustache"
import { describe, expect, it, vi } from "vitest"
import { EmailTypeIds, emailTypeOf, EmailTypes } from "../src/email/EmailTypes.js"
import {
  defaultTemplates,
  type EmailContext,
  messageType,
  messageVariables,
  renderEmail,
  renderTemplate,
  templateProblems,
  variablesOf
} from "../src/email/Templates.js"
import { escapeHtml } from "../src/Html.js"
import type { OutboxMessage } from "../src/ports/Outbox.js"
import { formatInstant } from "../src/Time.js"

const base = {
  id: "msg_1",
  organization_id: OrganizationId.make("org_1"),
  request_id: RequestId.make("req_1"),
  to: "alice@example.org",
  created_at: new Date("2024-03-01T09:00:00.000Z")
}

const approval: OutboxMessage = {
  ...base,
  kind: "approval",
  variables: { url: "https://dsar.example.org/links/tok?a=1&b=2", expires_at: "2024-03-01T09:15:00.000Z" }
}

const notice = (
  status: "fulfilled" | "work_in_progress" | "refused",
  extra?: Record<string, string>
): OutboxMessage => ({
  ...base,
  kind: "status_notice",
  variables: { status, ...(extra === undefined ? {} : { extra_message_variables: extra }) }
})

const gdprRefusal: OutboxMessage = {
  ...base,
  kind: "status_notice",
  variables: {
    status: "refused",
    refusal: { reason: "manifestly_unfounded_or_excessive", details: "You sent the same request 12 times this week." },
    regulation_id: "gdpr"
  }
}

const context = (overrides: {
  readonly language?: (typeof Languages)[number]
  readonly right?: UserRightId
  readonly settings?: Partial<EmailContext["organization"]["settings"]>
  readonly templates?: EmailContext["templates"]
} = {}): EmailContext => ({
  organization: { name: "Acme Stores", settings: { ...defaultOrganizationSettings, ...overrides.settings } },
  request: {
    user_right_id: overrides.right ?? "cpra_access_my_data",
    created_at: base.created_at,
    expires_at: new Date("2024-04-15T09:00:00.000Z"),
    status: "unverified",
    language: overrides.language ?? "en"
  },
  ...(overrides.templates === undefined ? {} : { templates: overrides.templates })
})

/** What a reader sees of an HTML part: its text, entities decoded, one space between words. */
const visible = (html: string) =>
  html
    .replace(/<head>[\s\S]*<\/head>/, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
const words = (text: string) => text.split(/[\s.,:;!?()“”"«»¿¡]+/).filter((word) => word.length > 0 && word !== "--")

describe("renderTemplate (Mustache)", () => {
  it("replaces placeholders, spaces inside the braces allowed; unknown ones render as nothing", () => {
    expect(renderTemplate("Hi {{name}}, {{ name }}! {{missing}}.", { name: "Ann" })).toBe("Hi Ann, Ann! .")
  })

  it("renders a section only when its variable is present and not empty, an inverted one otherwise", () => {
    const template = "A{{#link}}[{{link}}]{{/link}}{{^link}}(none){{/link}}B"
    expect(renderTemplate(template, { link: "x" })).toBe("A[x]B")
    expect(renderTemplate(template, { link: "" })).toBe("A(none)B")
    expect(renderTemplate(template, {})).toBe("A(none)B")
  })

  it("never reads a value as a template: placeholders inside values stay text", () => {
    expect(renderTemplate("{{a}}", { a: "{{b}}", b: "secret" })).toBe("{{b}}")
  })

  it("passes every value through the encoder, and nothing else", () => {
    expect(renderTemplate("<b>{{v}}</b>", { v: "<i>" }, (value) => value.toUpperCase())).toBe("<b><I></b>")
  })

  it("reads only own variables, not the prototype's, and extra variables under extra.", () => {
    expect(renderTemplate("[{{constructor}}][{{toString}}]", {})).toBe("[][]")
    expect(renderTemplate("{{extra.greeting}} {{extra.constructor}}", { extra: { greeting: "Hi" } })).toBe("Hi ")
  })

  it("reports unbalanced sections, forbidden tags and unknown variables, and renders a broken template unrendered", () => {
    expect(templateProblems("a{{/x}}b")).toEqual([`Unopened section "x" at 1`])
    expect(templateProblems("a{{#y}}b")).toEqual([`Unclosed section "y" at 8`])
    expect(templateProblems("{{{a}}} {{&b}} {{>c}}")).toEqual([
      "{{{a}}} writes its value unescaped; use {{a}}",
      "{{{b}}} writes its value unescaped; use {{b}}",
      "{{>c}} is a partial; templates have none"
    ])
    expect(templateProblems("{{#url}}{{nope}}{{/url}} {{extra.anything}} {{nope}}", ["url"])).toEqual([
      "{{nope}} is not a variable of this email"
    ])
    expect(renderTemplate("a{{#x}}b{{x}}", { x: "1" })).toBe("a{{#x}}b{{x}}")
  })

  it("parses a template once while it is among the last rendered, and again once others pushed it past the bound", () => {
    const parses = vi.spyOn(Mustache.Writer.prototype, "parse")
    try {
      const first = "<p>{{a}} kept</p>"
      renderTemplate(first, { a: "1" })
      renderTemplate(first, { a: "2" })
      expect(parses.mock.calls.filter(([template]) => template === first)).toHaveLength(1)
      for (let i = 0; i < 25; i++) renderTemplate(`<p>${"y".repeat(99_000)}{{a}} ${i}</p>`, { a: "3" })
      renderTemplate(first, { a: "4" })
      expect(parses.mock.calls.filter(([template]) => template === first)).toHaveLength(2)
    } finally {
      parses.mockRestore()
    }
  })

  it("renders each template as Mustache does afresh, however many others were rendered between (parses are kept up to a bound)", () => {
    // Long ones too, the longest an organisation may keep, so that the bound is passed and parses dropped.
    const templates = Array.from(
      { length: 600 },
      (_, i) =>
        i % 20 === 0
          ? `<p>${"x".repeat(99_000)}{{a}} ${i}</p>`
          : i % 3 === 0
          ? `{{#a}}${i}: {{a}}{{/a}}{{^a}}none ${i}{{/a}}`
          : `<p>${i} {{b}} {{a}}</p>`
    )
    const views = [{ a: "x<y", b: "B" }, { b: "" }]
    for (const round of [0, 1]) {
      for (const template of round === 0 ? templates : [...templates].reverse()) {
        for (const view of views) {
          expect(renderTemplate(template, view, escapeHtml)).toBe(
            new Mustache.Writer().render(template, view, undefined, { escape: escapeHtml })
          )
        }
      }
    }
  })
})

describe("the built-in templates", () => {
  it("exist for every type in every language, and use only their type's variables", () => {
    for (const type of EmailTypeIds) {
      for (const language of Languages) {
        const template = defaultTemplates[type][language]
        const problems = [template.subject, template.text, template.html].flatMap((part) =>
          templateProblems(part, variablesOf(type))
        )
        expect(problems, `${type} ${language}`).toEqual([])
      }
    }
  })

  it("every message names the organisation, the right and the reference, with the deadline while the request is open", () => {
    for (const language of Languages) {
      for (const message of [approval, { ...approval, kind: "renewal" as const }, notice("work_in_progress")]) {
        const email = renderEmail(message, context({ language }))
        const right = String(messageVariables(message, context({ language })).right)
        expect(email.subject).toContain("Acme Stores")
        for (const part of [email.text, visible(email.html)]) {
          expect(part).toContain("Acme Stores")
          expect(part).toContain("req_1")
          expect(part).toContain(right)
          expect(part, `${message.kind} ${language}`).toContain(
            formatInstant("2024-04-15T09:00:00.000Z", language).split(",")[0]
          )
        }
      }
      const answered = renderEmail(notice("fulfilled"), context({ language }))
      expect(answered.text).not.toContain(formatInstant("2024-04-15T09:00:00.000Z", language).split(",")[0])
    }
  })

  it("a link travels as a real button in the HTML part and as the address in the text part", () => {
    for (const language of Languages) {
      const email = renderEmail(approval, context({ language, settings: { primary_color: "#ffd400" } }))
      const href = `href="https://dsar.example.org/links/tok?a=1&#38;b=2"`
      expect(email.html).toMatch(
        new RegExp(
          `<a ${
            href.replace(/[.?]/g, "\\$&")
          } style="display:inline-block;padding:12px 24px;[^"]*color:#000000;background:#ffd400">`
        )
      )
      expect(email.html).not.toContain("a=1&b=2")
      expect(email.text).toContain("https://dsar.example.org/links/tok?a=1&b=2")
    }
  })

  it("the text and HTML parts say the same: every word of the text is in the HTML, in order, and every link is in both", () => {
    const messages = [
      approval,
      { ...approval, kind: "renewal" as const },
      notice("work_in_progress"),
      notice("fulfilled", { download_link: "https://files.example/x.zip" }),
      notice("fulfilled"),
      notice("refused"),
      gdprRefusal
    ]
    for (const language of Languages) {
      for (const right of ["cpra_access_my_data", "cpra_delete_my_data", "cpra_opt_out"] as const) {
        for (const message of messages) {
          const email = renderEmail(message, context({ language, right, settings: { reply_to: "help@acme.example" } }))
          const html = words(visible(email.html))
          let at = 0
          for (const word of words(email.text)) {
            const found = html.indexOf(word, at)
            expect(found, `${message.kind} ${language} ${right}: "${word}"`).toBeGreaterThanOrEqual(0)
            at = found + 1
          }
          for (const [, url] of email.html.matchAll(/href="([^"]+)"/g)) {
            expect(email.text).toContain(url!.replaceAll("&#38;", "&"))
          }
        }
      }
    }
  })

  it("a status notice is of the most specific type: fulfilment per right kind, refusal, else the generic notice", () => {
    const typeOf = (message: OutboxMessage, right: UserRightId) => messageType(message, context({ right }))
    expect(typeOf(notice("fulfilled"), "cpra_access_my_data")).toBe("access_fulfilled")
    expect(typeOf(notice("fulfilled"), "cpra_delete_my_data")).toBe("delete_fulfilled")
    expect(typeOf(notice("fulfilled"), "cpra_opt_out")).toBe("opt_out_fulfilled")
    expect(typeOf(notice("refused"), "cpra_opt_out")).toBe("refusal")
    expect(typeOf(notice("work_in_progress"), "cpra_opt_out")).toBe("status_notice")
    for (const kind of ["approval", "renewal", "status_notice"] as const) {
      expect(EmailTypes[emailTypeOf(kind, undefined, undefined)].kind).toBe(kind)
    }
  })

  it("an access request answered with a download link offers it; without one, says the data comes separately", () => {
    const withLink = renderEmail(notice("fulfilled", { download_link: "https://example.org/export.zip" }), context())
    expect(withLink.subject).toBe("Acme Stores has answered your request to access your data")
    expect(withLink.text).toContain("Download my data:\nhttps://example.org/export.zip")
    const without = renderEmail(notice("fulfilled"), context())
    expect(without.text).not.toContain("Download")
    expect(without.text).toContain("sends you a copy of your data separately")
  })

  it("the request's language decides; dates are written in it", () => {
    const fr = renderEmail(approval, context({ language: "fr" }))
    expect(fr.subject).toBe("Confirmez votre demande auprès de Acme Stores")
    expect(fr.text).toContain("expire le 1 mars 2024, 09:15 UTC")
    expect(fr.text).toContain("Demande: Accéder à mes données")
    expect(fr.html).toMatch(/<html lang="fr">/)
    expect(renderEmail(approval, context({ language: "de" })).text).toContain("1. März 2024")
    expect(renderEmail(approval, context({ language: "es" })).subject).toContain("Confirme su solicitud")
  })

  it("without the request, the organisation's default language is used", () => {
    const { request: _request, ...orphan } = context({ settings: { default_language: "es" } })
    expect(renderEmail(approval, orphan).subject).toContain("Confirme su solicitud")
  })
})

describe("the refusal email", () => {
  const details = "You sent the same request 12 times this week."
  const remedies = RegulationsCatalogue.gdpr.remedies.en

  it("under the GDPR states the reason, the details and the right to complain and to a judicial remedy, in both parts", () => {
    const email = renderEmail(gdprRefusal, context({ right: "gdpr_access" }))
    for (const part of [email.text, visible(email.html)]) {
      expect(part).toContain("The reason: The request is manifestly unfounded or excessive.")
      expect(part).toContain(details)
      expect(part).toContain(remedies)
    }
    expect(remedies).toMatch(/complaint with a supervisory authority.*judicial remedy/)
  })

  it("states the reason and the remedies in the request's language, the details as written", () => {
    const email = renderEmail(gdprRefusal, context({ right: "gdpr_access", language: "fr" }))
    expect(email.text).toContain("Le motif : La demande est manifestement infondée ou excessive.")
    expect(email.text).toContain(details)
    expect(email.text).toContain(RegulationsCatalogue.gdpr.remedies.fr)
    expect(email.text).not.toContain(remedies)
  })

  it("without details or a regulation with remedies, leaves them out and points to the data protection authority", () => {
    const bare = {
      ...gdprRefusal,
      variables: { status: "refused" as const, refusal: { reason: "duplicate" as const } }
    }
    const email = renderEmail(bare, context())
    expect(email.text).toContain("The reason: The request repeats one of yours that we are still answering.")
    expect(email.text).not.toContain(details)
    expect(email.text).toContain("complain to your data protection authority")
  })

  it("offers the reason, details and remedies to an organisation's own template, whose validator accepts them", () => {
    const template = {
      type: "refusal",
      language: "en" as const,
      subject: "Refused ({{refusal_reason}})",
      text: "{{refusal_reason_text}}{{#refusal_details}} {{refusal_details}}{{/refusal_details}} {{remedies}}",
      html: "<p>{{refusal_reason_text}}</p><p>{{refusal_details}}</p><p>{{remedies}}</p>"
    }
    for (const part of [template.subject, template.text, template.html]) {
      expect(templateProblems(part, variablesOf("refusal"))).toEqual([])
      expect(templateProblems(part, variablesOf("status_notice"))).not.toEqual([])
    }
    const email = renderEmail(gdprRefusal, context({ templates: [template] }))
    expect(email.subject).toBe("Refused (manifestly_unfounded_or_excessive)")
    expect(email.text).toContain(`The request is manifestly unfounded or excessive. ${details} ${remedies}`)
    expect(visible(email.html)).toContain(remedies)
  })
})

describe("an organisation's look and own templates", () => {
  it("its sender name, reply-to, logo and colours", () => {
    const email = renderEmail(
      approval,
      context({
        settings: {
          sender_name: "Acme Privacy Team",
          reply_to: "privacy@acme.example",
          logo_url: "https://cdn.acme.example/logo.png",
          primary_color: "#0a7c55",
          background_color: "#eef6f2"
        }
      })
    )
    expect(email.fromName).toBe("Acme Privacy Team")
    expect(email.replyTo).toBe("privacy@acme.example")
    expect(email.html).toContain(`<img src="https://cdn.acme.example/logo.png" alt="Acme Stores"`)
    expect(email.html).toContain("border-top:4px solid #0a7c55")
    expect(email.html).toContain("background:#eef6f2")
    expect(email.text).toContain("Questions? Write to privacy@acme.example.")
    const plain = renderEmail(approval, context())
    expect(plain.fromName).toBe("Acme Stores")
    expect(plain.replyTo).toBeUndefined()
  })

  it("its template replaces the built-in one of its type and language only, inside the layout", () => {
    const templates = [{
      type: "approval",
      language: "en" as const,
      subject: "  News from {{organization_name}}: {{extra.note}}  ",
      text: "Open {{url}}",
      html: "<p><a href=\"{{url}}\">Open</a></p>"
    }]
    const message = {
      ...approval,
      variables: { ...approval.variables, extra_message_variables: { note: "a\r\nBcc: x" } }
    }
    const email = renderEmail(message, context({ templates }))
    expect(email.subject).toBe("News from Acme Stores: a Bcc: x")
    expect(email.text).toMatch(/^Open https:\/\/dsar\.example\.org\/links\/tok\?a=1&b=2\n\nRequest: Access my data\n/)
    expect(email.html).toContain("Reference")
    expect(renderEmail(message, context({ templates, language: "fr" })).subject).toContain("Confirmez")
    expect(renderEmail({ ...message, kind: "renewal" }, context({ templates })).subject).toContain("new link")
  })

  it("escapes every value in the HTML part, and only there; an extra variable cannot replace the link", () => {
    const hostile = "<script>alert('x')</script>\"&"
    const message = notice("fulfilled", { download_link: hostile, url: "https://evil.example" })
    const email = renderEmail(message, context())
    expect(email.html).not.toContain("<script>")
    expect(email.html).toContain("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;&#34;&#38;")
    expect(email.text).toContain(hostile)
    expect(messageVariables(approval, context())).toMatchObject({ url: approval.variables.url })
    const swapped = {
      ...approval,
      variables: { ...approval.variables, extra_message_variables: { url: "https://evil.example" } }
    }
    expect(messageVariables(swapped, context())).toMatchObject({ url: approval.variables.url })
  })
})

describe("formatInstant", () => {
  it("formats instants for people, in UTC, and leaves anything else as it is", () => {
    expect(formatInstant("2024-12-31T23:05:59.999Z")).toBe("31 December 2024, 23:05 UTC")
    expect(formatInstant(new Date("2024-03-01T09:15:00.000Z"), "fr")).toBe("1 mars 2024, 09:15 UTC")
    expect(formatInstant("soon")).toBe("soon")
  })
})
