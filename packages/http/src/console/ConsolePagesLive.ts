import { HttpApiBuilder, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import { html } from "../Html.js"
import type { SecretHasher } from "../ports/Crypto.js"
import type { Settings } from "../Settings.js"
import { requirePermission } from "./ConsoleAuth.js"
import { consolePage } from "./ConsoleLayout.js"
import { consoleCss, ConsoleCssPath } from "./ConsoleStyle.js"
import type { OperatorsService } from "./Operators.js"
import { signInLinkPage, signInPage, signInWithLink, signOut } from "./SignInPages.js"

// Every console route, registered in one list; ConsoleRoutes.ts lists them too (for 405 and Allow).

const stylesheet = HttpServerResponse.text(consoleCss, {
  contentType: "text/css; charset=utf-8",
  headers: { "cache-control": "public, max-age=3600", "x-content-type-options": "nosniff" }
})

const dashboard = Effect.map(requirePermission("requests.read"), (operator) =>
  consolePage({
    title: "Dashboard",
    operator,
    path: "/console",
    body: html`<div class="card"><p>Welcome, ${operator.email}. You are signed in as ${operator.role}.</p></div>`
  }))

/** What the console's handlers need, captured when the routes are mounted (a route gets no services of its own). */
type ConsoleServices = OperatorsService | Settings | SecretHasher

export const ConsolePagesLive = HttpApiBuilder.Router.use((router) =>
  Effect.gen(function*() {
    const services = yield* Effect.context<ConsoleServices>()
    const route = <A, E, R>(handler: Effect.Effect<A, E, R>) =>
      Effect.provide(handler, services) as Effect.Effect<A, E, Exclude<R, ConsoleServices>>
    yield* router.get(ConsoleCssPath, Effect.succeed(stylesheet))
    yield* router.get("/console", route(dashboard))
    yield* router.get("/console/sign-in", route(signInPage))
    yield* router.get("/console/sign-in/*", route(signInLinkPage))
    yield* router.post("/console/sign-in/*", route(signInWithLink), { uninterruptible: true })
    yield* router.post("/console/sign-out", route(signOut))
  })
)
