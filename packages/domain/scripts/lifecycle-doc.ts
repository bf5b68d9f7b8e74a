import { lifecycleMermaid } from "../src/index.js"

/** The full text of docs/lifecycle.md, generated from the machine. */
export const lifecycleDoc = (): string =>
  `# The request lifecycle

Generated from \`packages/domain/src/LifecycleMachine.ts\` by \`pnpm diagram\`; do not edit by hand
(a test fails when this file differs from what the machine produces).

\`[*] --> status : create\` is how a request may start (any status may be imported; \`unverified\`
issues the approval link). A change labelled \`sendStatusNotice\` emails the requester;
\`confirmReceipt\` emails them that the request was received and by when it will be answered,
where the right's law asks receipt to be confirmed (the CPRA's rights, [decision 0024](decisions/0024-receipts-reminders-closing.md));
\`[hasRefusalReason]\`: a refusal needs its reason (\`refusal\` in the PATCH body, see
[the API](api.md#refusing-a-request)), which the notice tells the requester; an imported
\`refused\` request may lack one.
A PATCH to the current status is a no-op, never an error.

\`\`\`mermaid
${lifecycleMermaid()}\`\`\`
`

export const lifecycleDocPath = new URL("../../../docs/lifecycle.md", import.meta.url)
