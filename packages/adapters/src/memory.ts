/** In-memory stores: no driver, nothing on disk; for tests and in-process composition. */
export { InMemoryStores } from "./memory/InMemoryStores.js"
