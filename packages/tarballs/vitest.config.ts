import { packageTests } from "../../vitest.shared.ts"

// Packing and an npm install into a fresh project, on a busy machine.
export default packageTests({ testTimeout: 300_000, hookTimeout: 600_000 })
