// What needs no driver. Stores and mailers that load one have their own entry points:
// `@dsar/adapters/memory`, `/sqlite`, `/pg`, `/smtp` and `/remote`.
export * as NodeIdGenerator from "./crypto/IdGenerator.js"
export * as ScryptSecretHasher from "./crypto/SecretHasher.js"
export * as HmacTokenSigner from "./crypto/TokenSigner.js"
export * as LocalPrivacyRequests from "./local/LocalPrivacyRequests.js"
export * as LogMailer from "./mail/LogMailer.js"
export { migrate } from "./sql/Migrations.js"
export { SqlStores } from "./sql/SqlStores.js"
export * as NodeWebhookSender from "./webhooks/NodeWebhookSender.js"
