import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { bothWays, isolationChecks, newProbe, twoTenants } from "../support/Isolation.js"
import { SpawnedServerTest } from "../support/SpawnedServer.js"
import { record } from "./support/Tally.js"

// The main suite's isolation checks (support/Isolation.ts) against a running `dsar serve` on SQLite:
// every route, both ways round between two organisations, with the other's ids, tokens, keys and
// organization_id; no leak.

layer(SpawnedServerTest(), { timeout: 60_000 })(
  "organisations are isolated from each other in a running server",
  (it) => {
    it.effect("every route, with the other organisation's ids, tokens and organization_id, both ways: no leak", () => {
      const probe = newProbe()
      return Effect.gen(function*() {
        const tenants = yield* twoTenants
        for (const { check } of isolationChecks) yield* bothWays(check, tenants, probe)
        console.log(`isolation: ${probe.inputs} inputs tried, ${probe.leaks.length} leaks`)
        expect(probe.leaks).toEqual([])
      }).pipe(
        Effect.ensuring(Effect.sync(() => record("isolation", { inputs: probe.inputs, losses: probe.leaks.length })))
      )
    }, 120_000)
  }
)
