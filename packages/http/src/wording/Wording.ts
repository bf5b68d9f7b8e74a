import type { RefusalReason, Status } from "@dsar/domain"

/**
 * A paragraph of an email: Mustache text, shown always, only `when` a variable is present and not
 * empty, or only `unless` it is.
 */
export type Paragraph = string | { readonly when: string; readonly text: string } | {
  readonly unless: string
  readonly text: string
}

/** The built-in wording of one type of email, from which its text and HTML parts are both made. */
export interface Message {
  readonly subject: string
  readonly intro: ReadonlyArray<Paragraph>
  /** A button to the link in variable `url` (shown only `when` that variable is present, if given). */
  readonly button?: { readonly label: string; readonly url: string; readonly when?: string }
  readonly outro: ReadonlyArray<Paragraph>
}

/** The email types with built-in wording; `EmailTypes` (email/EmailTypes.ts) says when each is sent. */
export type BuiltInEmailType =
  | "approval"
  | "renewal"
  | "reminder"
  | "receipt"
  | "status_notice"
  | "access_fulfilled"
  | "delete_fulfilled"
  | "opt_out_fulfilled"
  | "refusal"
  | "extension_notice"

/**
 * Everything written to requesters in one language. Page texts hold `{name}` placeholders for
 * values (escaped when filled in); email texts are Mustache.
 */
export interface Wording {
  readonly statuses: { readonly [S in Status]: string }
  readonly email: {
    readonly hello: string
    readonly buttonFallback: string
    readonly details: {
      readonly request: string
      readonly reference: string
      readonly received: string
      readonly deadline: string
    }
    readonly footer: string
    readonly replyTo: string
    /** How each refusal reason of the catalogue (`RefusalReasons`, in English there) reads in this language. */
    readonly refusalReasons: { readonly [R in RefusalReason]: string }
    readonly types: { readonly [T in BuiltInEmailType]: Message }
  }
  readonly pages: {
    readonly confirmTitle: string
    readonly confirmChangeTitle: string
    readonly confirmIntro: string
    readonly request: string
    readonly reference: string
    readonly received: string
    readonly now: string
    readonly afterConfirming: string
    readonly validUntil: string
    readonly confirm: string
    readonly confirmNote: string
    readonly confirmedTitle: string
    readonly alreadyConfirmedTitle: string
    readonly continueTo: string
    readonly thankYou: string
    readonly expiredTitle: string
    readonly expiredAsk: string
    readonly expiredSentNow: string
    readonly expiredSentEarlier: string
    readonly usedTitle: string
    readonly used: string
    readonly refusedTitle: string
    readonly refused: string
    readonly busyTitle: string
    readonly busy: string
    readonly notFoundTitle: string
    readonly notFound: string
    readonly doneTitle: string
    readonly done: string
  }
  /** The requester's form at `/privacy/<organization>` and its answers. */
  readonly form: {
    readonly title: string
    readonly intro: string
    readonly right: string
    readonly rightHint: string
    readonly country: string
    readonly countryHint: string
    readonly optional: string
    /** The honeypot's label: read by bots, never shown to people or their screen readers. */
    readonly honeypot: string
    readonly submit: string
    readonly sentTitle: string
    readonly sent: string
    readonly invalidTitle: string
    readonly invalid: string
    readonly errors: {
      readonly right: string
      readonly email: string
      readonly country: string
      readonly other: string
    }
    readonly refusedTitle: string
    readonly refused: string
    readonly tooManyTitle: string
    readonly tooMany: string
    readonly notFoundTitle: string
    readonly notFound: string
  }
}
