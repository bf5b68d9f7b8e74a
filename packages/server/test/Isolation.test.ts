import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { bothWays, isolationChecks, newProbe, twoTenants } from "./support/Isolation.js"
import { TestApp } from "./support/TestApp.js"

// The checks (support/Isolation.ts) in process, each both ways round between two organisations;
// the reliability suite runs the same against a spawned `dsar serve`.

layer(TestApp({ cheapHashing: true }))("organisations are isolated from each other", (it) => {
  for (const { title, check } of isolationChecks) {
    it.effect(title, () =>
      Effect.gen(function*() {
        const probe = newProbe()
        yield* bothWays(check, yield* twoTenants, probe)
        expect(probe.leaks).toEqual([])
      }))
  }
})
