// Test support other packages' tests reuse (exported as `@dsar/adapters/test-support`).
export * from "./Outbox.js"
export * from "./SmtpServer.js"
