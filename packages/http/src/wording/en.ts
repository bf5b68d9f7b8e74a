import { refusalReasons as reasons, refusalReasonText } from "@dsar/domain"
import type { Wording } from "./Wording.js"

// The catalogue's own sentences, written in English there.
const refusalReasons = Object.fromEntries(
  reasons.map((reason) => [reason, refusalReasonText(reason)])
) as Wording["email"]["refusalReasons"]

const confirmOutro = [
  "The link works once and expires on {{expires_at_text}}. If you did not make this request, ignore this email: nothing happens unless the link is opened and confirmed."
]

export const en: Wording = {
  statuses: {
    unverified: "awaiting your confirmation",
    verified: "confirmed",
    work_in_progress: "in progress",
    fulfilled: "fulfilled",
    refused: "refused",
    archived: "closed"
  },
  email: {
    hello: "Hello,",
    buttonFallback: "If the button does not work, copy this address into your browser:",
    details: { request: "Request", reference: "Reference", received: "Received", deadline: "Answer due by" },
    footer: "You receive this email because a privacy request was made to {{organization_name}} with this address.",
    replyTo: "Questions? Write to {{reply_to}}.",
    refusalReasons,
    types: {
      approval: {
        subject: "Confirm your privacy request to {{organization_name}}",
        intro: [
          "{{organization_name}} received a privacy request made with this email address. To confirm that it is yours, use the button below."
        ],
        button: { label: "Confirm my request", url: "url" },
        outro: confirmOutro
      },
      renewal: {
        subject: "Your new link to confirm your privacy request to {{organization_name}}",
        intro: [
          "The confirmation link you opened had expired, so here is a new one. To confirm your privacy request to {{organization_name}}, use the button below."
        ],
        button: { label: "Confirm my request", url: "url" },
        outro: confirmOutro
      },
      reminder: {
        subject: "Reminder: confirm your privacy request to {{organization_name}}",
        intro: [
          "{{organization_name}} received a privacy request made with this email address, and it is still waiting for your confirmation. To confirm that it is yours, use the button below.",
          "If it is not confirmed by {{closes_at_text}}, the request will be closed without an answer, as the identity of the person who made it could not be verified."
        ],
        button: { label: "Confirm my request", url: "url" },
        outro: confirmOutro
      },
      receipt: {
        subject: "{{organization_name}} received your privacy request",
        intro: [
          "{{organization_name}} has received your privacy request ({{right}}).",
          {
            when: "deadline_text",
            text: "It will be answered by {{deadline_text}}. You will be told by email when it is."
          }
        ],
        outro: []
      },
      status_notice: {
        subject: "Your privacy request to {{organization_name}} is {{status_label}}",
        intro: ["Your privacy request to {{organization_name}} is now {{status_label}}."],
        outro: [{ when: "deadline_text", text: "{{organization_name}} will answer by {{deadline_text}}." }]
      },
      access_fulfilled: {
        subject: "{{organization_name}} has answered your request to access your data",
        intro: [
          "{{organization_name}} has answered your request to access your data.",
          { when: "download_link", text: "You can download a copy of your data with the button below." },
          { unless: "download_link", text: "{{organization_name}} sends you a copy of your data separately." }
        ],
        button: { label: "Download my data", url: "download_link", when: "download_link" },
        outro: []
      },
      delete_fulfilled: {
        subject: "{{organization_name}} has deleted your data",
        intro: [
          "{{organization_name}} has deleted your personal data as you asked, except what the law requires it to keep."
        ],
        outro: []
      },
      opt_out_fulfilled: {
        subject: "{{organization_name}} no longer sells or shares your data",
        intro: ["{{organization_name}} has recorded your choice: your personal data is no longer sold or shared."],
        outro: []
      },
      extension_notice: {
        subject: "More time is needed to answer your privacy request to {{organization_name}}",
        intro: [
          "{{organization_name}} needs more time to answer your privacy request, as the law allows, and will answer it by {{deadline_text}}.",
          "The reason: {{reason}}"
        ],
        outro: []
      },
      refusal: {
        subject: "Your privacy request to {{organization_name}} was refused",
        intro: [
          "{{organization_name}} has refused your privacy request.",
          { when: "refusal_reason_text", text: "The reason: {{refusal_reason_text}}" },
          { when: "refusal_details", text: "{{refusal_details}}" }
        ],
        outro: [
          {
            when: "remedies",
            text: "If you think this decision is wrong, you can reply to {{organization_name}}. {{remedies}}"
          },
          {
            unless: "remedies",
            text:
              "If you think this decision is wrong, you can reply to {{organization_name}} or complain to your data protection authority."
          }
        ]
      }
    }
  },
  pages: {
    confirmTitle: "Confirm your request",
    confirmChangeTitle: "Confirm this change",
    confirmIntro: "{organization} received a privacy request in your name and asks you to confirm it.",
    request: "Request",
    reference: "Reference",
    received: "Received",
    now: "Now",
    afterConfirming: "After confirming",
    validUntil: "Link valid until",
    confirm: "Confirm",
    confirmNote:
      "You will then be taken to {host}. If you did not make this request, close this page: nothing changes unless you confirm.",
    confirmedTitle: "Confirmed",
    alreadyConfirmedTitle: "Already confirmed",
    continueTo: "Continue to {host}",
    thankYou: "Thank you. {continue}.",
    expiredTitle: "This link has expired",
    expiredAsk: "The link expired on {date}. Please ask {organization} for a new one.",
    expiredSentNow:
      "The link expired on {date}. A new link will be sent to you by email: open it to confirm your request.",
    expiredSentEarlier:
      "The link expired on {date}. A new link has already been sent to you by email: use the most recent one.",
    usedTitle: "This link has already been used",
    used:
      "This link was confirmed already, and your request has changed since. There is nothing more to do with it. If you have a question, contact {organization}.",
    refusedTitle: "This link can no longer be used",
    refused:
      "Your request is now {from}, so it can no longer be marked {to}. Nothing was changed. If you have a question, contact {organization}.",
    busyTitle: "Please try again",
    busy:
      "Your request was being changed at the same moment. Nothing was changed by this visit; please go back and try again in a moment.",
    notFoundTitle: "Link not found",
    notFound: "This link is not valid. Check that you opened the whole address from the email.",
    doneTitle: "Thank you",
    done: "Your confirmation was received. There is nothing more to do: you can close this page."
  },
  form: {
    title: "Make a privacy request",
    intro:
      "Ask {organization} about the personal data it holds about you. You will receive an email with a link: your request is sent once you confirm it there.",
    right: "Your request",
    rightHint: "Choose the right you want to exercise, under the law that applies to you.",
    country: "Country",
    countryHint: "Where you live, as a two-letter code such as US or FR.",
    optional: "optional",
    honeypot: "Leave this field empty",
    submit: "Send my request",
    sentTitle: "Check your email",
    sent:
      "Thank you. An email with a confirmation link is on its way to the address you gave. Open the link to confirm your request to {organization}; if no email arrives, check the address and your spam folder.",
    invalidTitle: "Please check your request",
    invalid: "Some answers need correcting; nothing was sent. See the message next to each one.",
    errors: {
      right: "Choose one of the requests listed.",
      email: "Enter an email address such as name@example.org.",
      country: "Enter a country of at most 64 characters, such as FR.",
      other: "This request could not be accepted as it is."
    },
    refusedTitle: "Please send the form again",
    refused:
      "This form was out of date or did not come from this page, so nothing was sent. Your answers are kept below: check them and send the form again.",
    tooManyTitle: "Too many requests",
    tooMany:
      "Too many requests were sent from here in a short time, so this one was not sent. Please try again in {minutes} minutes.",
    notFoundTitle: "Form not found",
    notFound: "There is no privacy request form at this address. Check the address you were given."
  }
}
