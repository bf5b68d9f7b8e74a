/** The SMTP mailer (nodemailer). */
export * as SmtpMailer from "./mail/SmtpMailer.js"
