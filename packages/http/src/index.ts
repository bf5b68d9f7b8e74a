export * from "./Api.js"
export * from "./ApiDocument.js"
export * from "./ApiErrors.js"
export * from "./Authentication.js"
export * as InProcessPrivacyRequests from "./client/InProcessPrivacyRequests.js"
export { InputChecks } from "./client/InputChecks.js"
export { everyPage } from "./client/Paging.js"
export * from "./client/PrivacyRequests.js"
export { received } from "./client/Sending.js"
export * from "./console/ConsoleAuth.js"
export * from "./console/ConsoleLayout.js"
export * from "./console/ConsoleRequestsPaths.js"
export * from "./console/ConsoleRequestsStyle.js"
export * from "./console/CsvExport.js"
export * from "./console/DashboardChart.js"
export * from "./console/DashboardData.js"
export * from "./console/DashboardPage.js"
export * from "./console/Operators.js"
export * from "./console/RequestActions.js"
export * from "./console/RequestPage.js"
export * from "./console/RequestsListing.js"
export * from "./console/RequestsListPage.js"
export * as Cursor from "./Cursor.js"
export * from "./email/EmailTypes.js"
export * as OutboxWorker from "./email/OutboxWorker.js"
export {
  commonVariables,
  defaultTemplate,
  defaultTemplates,
  type EmailContext,
  EmailTemplate,
  messageType,
  messageVariables,
  type RenderedEmail,
  renderEmail,
  renderTemplate,
  templateFor,
  templateProblems,
  variablesOf
} from "./email/Templates.js"
export * from "./Evidence.js"
export { evidenceDocument } from "./EvidencePage.js"
export * from "./Html.js"
export * from "./HttpLive.js"
export * from "./LinkPages.js"
export * from "./LinkUrl.js"
export * from "./ListQuery.js"
export type * from "./Ports.js"
export * from "./ports/Crypto.js"
export * from "./ports/Mailer.js"
export * from "./ports/Operators.js"
export * from "./ports/Outbox.js"
export * from "./ports/RequestQuery.js"
export * from "./ports/Stores.js"
export * from "./ports/Webhooks.js"
export * from "./PublicBaseUrl.js"
export * from "./RequestsCsv.js"
export { EmailsService, OutboxActor } from "./services/Emails.js"
export * from "./services/EmailTemplates.js"
export * from "./services/Erasure.js"
export * from "./services/Evidence.js"
export { verifyEveryHistory, verifyHistory } from "./services/History.js"
export * from "./services/Links.js"
export * from "./services/LoginLimiter.js"
export * from "./services/Notes.js"
export * from "./services/Organizations.js"
export * from "./services/Requests.js"
export * from "./services/Sessions.js"
export * from "./services/Webhooks.js"
export * from "./Settings.js"
export * from "./Time.js"
export * as WebhookWorker from "./webhooks/WebhookWorker.js"
export { type Wording, wordings } from "./wording/index.js"
