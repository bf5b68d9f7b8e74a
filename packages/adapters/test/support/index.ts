// Test support other packages' tests reuse (exported as `@dsar/adapters/test-support`).
export * from "./SmtpServer.js"
export * from "./Outbox.js"
