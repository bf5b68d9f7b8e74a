import { OrganizationId, RequestId } from "@dsar/domain"
import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import {
  defaultTemplates,
  EmailTemplates,
  messageVariables,
  renderEmail,
  renderTemplate,
  resolveTemplates,
  TemplateOverrides,
  templateProblems
} from "../src/email/Templates.js"
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

const notice = (extra_message_variables?: Record<string, string>): OutboxMessage => ({
  ...base,
  kind: "status_notice",
  variables: { status: "fulfilled", ...(extra_message_variables === undefined ? {} : { extra_message_variables }) }
})

describe("renderTemplate", () => {
  it("replaces placeholders, spaces inside the braces allowed; unknown ones render as nothing", () => {
    expect(renderTemplate("Hi {{name}}, {{ name }}! {{missing}}.", { name: "Ann" })).toBe("Hi Ann, Ann! .")
  })

  it("renders a section only when its variable is present and not empty, an inverted one otherwise", () => {
    const template = "A{{#link}}[{{link}}]{{/link}}{{^link}}(none){{/link}}B"
    expect(renderTemplate(template, { link: "x" })).toBe("A[x]B")
    expect(renderTemplate(template, { link: "" })).toBe("A(none)B")
    expect(renderTemplate(template, {})).toBe("A(none)B")
  })

  it("nests sections of different names", () => {
    const template = "{{#a}}a{{#b}}b{{/b}}{{/a}}"
    expect(renderTemplate(template, { a: "1", b: "1" })).toBe("ab")
    expect(renderTemplate(template, { a: "1" })).toBe("a")
    expect(renderTemplate(template, { b: "1" })).toBe("")
  })

  it("never reads a value as a template: placeholders inside values stay text", () => {
    expect(renderTemplate("{{a}}", { a: "{{b}}", b: "secret" })).toBe("{{b}}")
    expect(renderTemplate("{{#a}}{{a}}{{/a}}", { a: "{{#b}}x{{/b}}", b: "1" })).toBe("{{#b}}x{{/b}}")
  })

  it("passes every value through the encoder, and nothing else", () => {
    expect(renderTemplate("<b>{{v}}</b>", { v: "<i>" }, (value) => value.toUpperCase())).toBe("<b><I></b>")
  })

  it("reads only own variables, not the prototype's", () => {
    expect(renderTemplate("[{{constructor}}][{{toString}}]", {})).toBe("[][]")
  })

  it("reports unbalanced sections and forbidden tags, and renders such a template unrendered", () => {
    expect(templateProblems("a{{/x}}b")).toEqual([`Unopened section "x" at 1`])
    expect(templateProblems("a{{#y}}b")).toEqual([`Unclosed section "y" at 8`])
    expect(templateProblems("{{{a}}} {{&b}} {{>c}}")).toEqual([
      "{{{a}}} writes its value unescaped; use {{a}}",
      "{{{b}}} writes its value unescaped; use {{b}}",
      "{{>c}} is a partial; templates have none"
    ])
    expect(templateProblems("{{#s}}{{{x}}}{{/s}}")).toEqual(["{{{x}}} writes its value unescaped; use {{x}}"])
    expect(renderTemplate("a{{#x}}b{{x}}", { x: "1" })).toBe("a{{#x}}b{{x}}")
    for (const template of Object.values(defaultTemplates)) {
      expect([template.subject, template.text, template.html].flatMap(templateProblems)).toEqual([])
    }
  })
})

describe("messageVariables", () => {
  it("holds the link, its expiry, the status with its label, the request id and every extra variable", () => {
    expect(messageVariables(approval)).toEqual({
      request_id: "req_1",
      url: "https://dsar.example.org/links/tok?a=1&b=2",
      expires_at: "2024-03-01T09:15:00.000Z",
      expires_at_text: "1 March 2024, 09:15 UTC"
    })
    expect(messageVariables(notice({ download_link: "https://example.org/x.zip", greeting: "Hi" }))).toEqual({
      request_id: "req_1",
      status: "fulfilled",
      status_label: "fulfilled",
      download_link: "https://example.org/x.zip",
      greeting: "Hi"
    })
  })

  it("an extra variable cannot replace the approval link or the status", () => {
    const message: OutboxMessage = {
      ...approval,
      variables: { ...approval.variables, extra_message_variables: { url: "https://evil.example", status: "x" } }
    }
    expect(messageVariables(message)).toMatchObject({ url: approval.variables.url, status: "x" })
    expect(messageVariables({ ...notice({ status: "x" }) })).toMatchObject({ status: "fulfilled" })
  })

  it("formats instants for people, in UTC, and leaves anything else as it is", () => {
    expect(formatInstant("2024-12-31T23:05:59.999Z")).toBe("31 December 2024, 23:05 UTC")
    expect(formatInstant(new Date("2024-03-01T09:15:00.000Z"))).toBe("1 March 2024, 09:15 UTC")
    expect(formatInstant("soon")).toBe("soon")
  })
})

describe("renderEmail with the default templates", () => {
  it("an approval carries the link in text and HTML, escaped in the HTML, with its expiry", () => {
    const email = renderEmail(approval)
    expect(email.subject).toBe("Confirm your privacy request")
    expect(email.text).toContain("https://dsar.example.org/links/tok?a=1&b=2")
    expect(email.text).toContain("expires on 1 March 2024, 09:15 UTC")
    expect(email.html).toContain(`<a href="https://dsar.example.org/links/tok?a=1&#38;b=2">`)
    expect(email.html).not.toContain("a=1&b=2")
  })

  it("a renewal carries the new link", () => {
    const email = renderEmail({ ...approval, kind: "renewal" })
    expect(email.subject).toBe("Your new link to confirm your privacy request")
    expect(email.text).toContain("had expired")
    expect(email.text).toContain(approval.variables.url)
  })

  it("a status notice names the status, with the download link when there is one", () => {
    const withLink = renderEmail(notice({ download_link: "https://example.org/export.zip" }))
    expect(withLink.subject).toBe("Your privacy request is fulfilled")
    expect(withLink.text).toBe(
      "Hello,\n\nYour privacy request req_1 is now fulfilled.\n\nYou can download your data here: https://example.org/export.zip\n\nThank you.\n"
    )
    expect(withLink.html).toContain(`<a href="https://example.org/export.zip">https://example.org/export.zip</a>`)
    const without = renderEmail(notice())
    expect(without.text).toBe("Hello,\n\nYour privacy request req_1 is now fulfilled.\n\nThank you.\n")
    expect(without.html).not.toContain("download")
  })

  it("escapes every value in the HTML part, and only there", () => {
    const hostile = "<script>alert('x')</script>\"&"
    const email = renderEmail({ ...notice({ download_link: hostile }), kind: "status_notice" })
    expect(email.html).not.toContain("<script>")
    expect(email.html).toContain("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;&#34;&#38;")
    expect(email.text).toContain(hostile)
  })

  it("keeps the subject on one line whatever the values", () => {
    const templates = resolveTemplates({ status_notice: { subject: "  News: {{note}}  " } })
    expect(renderEmail(notice({ note: "a\r\nBcc: x@example.org\nb" }), templates).subject).toBe(
      "News: a Bcc: x@example.org b"
    )
  })
})

describe("overrides", () => {
  it("replace only the parts they name; later overrides win", () => {
    const org = resolveTemplates(
      { status_notice: { subject: "Update on {{request_id}}" } },
      { status_notice: { text: "Now {{status}}. {{#download_link}}Get it: {{download_link}}{{/download_link}}" } }
    )
    expect(org.approval).toEqual(defaultTemplates.approval)
    expect(org.status_notice.html).toBe(defaultTemplates.status_notice.html)
    const email = renderEmail(notice({ download_link: "https://example.org/d" }), org)
    expect(email.subject).toBe("Update on req_1")
    expect(email.text).toBe("Now fulfilled. Get it: https://example.org/d")
    expect(resolveTemplates()).toEqual(defaultTemplates)
    expect(resolveTemplates(undefined, {})).toEqual(defaultTemplates)
  })

  it("decode from JSON, refusing templates whose sections do not pair up", () => {
    const decode = Schema.decodeUnknownEither(Schema.parseJson(TemplateOverrides))
    expect(decode(`{ "approval": { "subject": "Please confirm" } }`)).toEqual(
      Either.right({ approval: { subject: "Please confirm" } })
    )
    expect(Either.isLeft(decode(`{ "approval": { "subject": "{{#url}}oops" } }`))).toBe(true)
    expect(Either.isLeft(decode(`{ "approval": { "subject": 1 } }`))).toBe(true)
    expect(Either.isRight(Schema.decodeUnknownEither(EmailTemplates)(defaultTemplates))).toBe(true)
  })
})
