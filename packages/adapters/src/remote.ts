/** The `PrivacyRequests` client of a remote API (this server or the hosted one), derived from the contract. */
export * as RemotePrivacyRequests from "./remote/RemotePrivacyRequests.js"
