import { HttpClient, HttpClientRequest } from "@effect/platform"
import { expect, layer } from "@effect/vitest"
import { Effect, LogLevel } from "effect"
import { vi } from "vitest"
import { TestApp } from "./support/TestApp.js"

// The lines leave once per turn of the event loop, straight to stderr.
const accessLinesWhile = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const written: Array<string> = []
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written.push(String(chunk))
      return true
    })
    yield* effect.pipe(
      Effect.zipLeft(Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))),
      Effect.ensuring(Effect.sync(() => spy.mockRestore()))
    )
    return written.join("").split("\n").filter((line) => line.includes("Sent HTTP response"))
  })

const getHealth = Effect.flatMap(HttpClient.HttpClient, (client) => client.execute(HttpClientRequest.get("/health")))
const getUrl = (url: string) =>
  Effect.flatMap(HttpClient.HttpClient, (client) => client.execute(HttpClientRequest.get(url)))

layer(TestApp({ logLevel: LogLevel.Info }))("the access log", (it) => {
  it.effect("writes one line per answer at Info", () =>
    Effect.gen(function*() {
      const lines = yield* accessLinesWhile(getHealth)
      expect(lines.map((line) => JSON.parse(line).annotations)).toEqual([{
        "http.method": "GET",
        "http.url": "/health",
        "http.status": 200
      }])
    }))

  it.effect("writes neither a link's token nor query values: /links/[redacted], name=[redacted]", () =>
    Effect.gen(function*() {
      const lines = yield* accessLinesWhile(
        Effect.all([
          getUrl("/links/tok_secretlinktoken123?lang=fr"),
          getUrl("/dsar/requests?organization_user_id=jane.doe%40example.org&$limit=5&flag")
        ])
      )
      const urls = lines.map((line) => JSON.parse(line).annotations["http.url"])
      expect(urls.sort()).toEqual([
        "/dsar/requests?organization_user_id=[redacted]&$limit=[redacted]&flag",
        "/links/[redacted]?lang=[redacted]"
      ])
      expect(lines.join("\n")).not.toMatch(/secretlinktoken|jane\.doe/)
    }))
})

layer(TestApp({ logLevel: LogLevel.Warning }))("the access log above Info", (it) => {
  it.effect("writes nothing when the minimum log level is above Info, as with --log-level warning", () =>
    Effect.gen(function*() {
      expect(yield* accessLinesWhile(getHealth)).toEqual([])
    }))
})
