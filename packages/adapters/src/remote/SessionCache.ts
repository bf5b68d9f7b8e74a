import { NotAuthenticated } from "@dsar/http"
import { Effect, Option, SynchronizedRef } from "effect"

const expired = (error: unknown): boolean => error instanceof NotAuthenticated

/**
 * A logged-in session, opened on first use and kept. A call the server answers 401 (the token
 * expired, or the server restarted with another key) logs in again, once, and runs again; calls
 * that fail together share one new login.
 */
export const make = <S, E>(login: Effect.Effect<S, E>) =>
  Effect.map(SynchronizedRef.make(Option.none<S>()), (held) => {
    const open = Effect.map(login, (session) => [session, Option.some(session)] as const)
    const current = SynchronizedRef.modifyEffect(held, (now) =>
      Option.match(now, { onNone: () => open, onSome: (session) => Effect.succeed([session, now] as const) }))
    // Another call may have logged in again already: its session is used rather than a third.
    const renew = (stale: S) =>
      SynchronizedRef.modifyEffect(held, (now) =>
        Option.isSome(now) && now.value !== stale ? Effect.succeed([now.value, now] as const) : open)
    return {
      authenticated: <A, E2>(call: (session: S) => Effect.Effect<A, E2>): Effect.Effect<A, E | E2> =>
        Effect.flatMap(current, (session) =>
          Effect.catchIf(call(session), expired, () =>
            Effect.flatMap(renew(session), call)))
    }
  })
