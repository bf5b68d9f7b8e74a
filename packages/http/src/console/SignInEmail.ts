import { Duration } from "effect"
import { html } from "../Html.js"
import { SignInLinkTtl } from "./Operators.js"

/** What a sign-in email says: whose console, the link, until when. */
export interface SignInEmailInput {
  readonly organization: string
  readonly url: string
  readonly expires_at: Date
}

/** `2026-12-02 16:15 UTC`: an operator may read the email in any time zone, so it says which. */
const utc = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`

const FONT = `font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif`

/**
 * The email carrying an operator's sign-in link, in English (the console's language): subject, text
 * and HTML, both naming the organisation and when the link stops working. The HTML is one column
 * at most 560 px wide that narrows with the screen, the link a button and, for clients that drop
 * buttons, written out.
 */
export const signInEmail = (input: SignInEmailInput) => {
  const minutes = Duration.toMinutes(SignInLinkTtl)
  const until = utc(input.expires_at)
  const subject = `Sign in to ${input.organization}'s privacy requests console`
  const text = [
    `Use this link to sign in to ${input.organization}'s privacy requests console:`,
    "",
    input.url,
    "",
    `It works once, until ${until} (${minutes} minutes after it was asked for).`,
    "If you did not ask to sign in, ignore this email: nothing happens unless the link is used."
  ].join("\n")
  const body = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${subject}</title>
</head>
<body style="margin:0;padding:0;background:#f4f5f7">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;${FONT}">
<tr><td style="padding:24px;font-size:16px;line-height:1.5;color:#1b1b1b;overflow-wrap:anywhere;word-break:break-word">
<p style="margin:0 0 16px">Use this link to sign in to <strong>${input.organization}</strong>'s privacy requests console.</p>
<p style="margin:0 0 16px"><a href="${input.url}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600">Sign in</a></p>
<p style="margin:0 0 16px;font-size:14px;color:#374151"><a href="${input.url}" style="color:#1d4ed8">${input.url}</a></p>
<p style="margin:0 0 8px">It works once, until ${until} (${String(minutes)} minutes after it was asked for).</p>
<p style="margin:0;font-size:14px;color:#4b5563">If you did not ask to sign in, ignore this email: nothing happens unless the link is used.</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`
  return { subject, text, html: body.html }
}
