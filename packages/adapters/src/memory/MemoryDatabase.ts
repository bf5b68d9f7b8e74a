import { Context, Effect, Either, Exit, FiberRef, Layer, Option, Ref } from "effect"
import type { ConstraintViolation } from "./Constraints.js"
import { empty, type State } from "./State.js"

/** A write: the result and the next state, or the constraint it would break (nothing is written). */
export type Mutation<A> = (state: State) => Either.Either<readonly [A, State], ConstraintViolation>

/**
 * The in-memory database every in-memory port shares.
 *
 * Transactions work on a private copy of the state, published on success and dropped on failure,
 * so other fibers never read uncommitted writes. A semaphore serialises transactions and writes
 * made outside one (each such write is its own transaction, as in a database), so publishing a copy
 * can never erase someone else's write. A nested transaction behaves as a savepoint.
 */
export class MemoryDatabase extends Context.Tag("@dsar/adapters/MemoryDatabase")<
  MemoryDatabase,
  {
    readonly read: <A>(query: (state: State) => A) => Effect.Effect<A>
    /** Dies with the `ConstraintViolation` when the mutation refuses, as a store dies on a database error. */
    readonly write: <A>(mutation: Mutation<A>) => Effect.Effect<A>
    readonly withTransaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  }
>() {
  static readonly layer = Layer.scoped(
    MemoryDatabase,
    Effect.gen(function*() {
      const committed = yield* Ref.make(empty)
      const writer = yield* Effect.makeSemaphore(1)
      // The working copy of the transaction the current fiber runs in, if any.
      const transaction = yield* FiberRef.make(Option.none<Ref.Ref<State>>())

      const apply = <A>(ref: Ref.Ref<State>, mutation: Mutation<A>): Effect.Effect<A> =>
        Effect.flatMap(
          Ref.modify(ref, (state): readonly [Either.Either<A, ConstraintViolation>, State] => {
            const outcome = mutation(state)
            return Either.isLeft(outcome)
              ? [Either.left(outcome.left), state]
              : [Either.right(outcome.right[0]), outcome.right[1]]
          }),
          (outcome) => (Either.isLeft(outcome) ? Effect.die(outcome.left) : Effect.succeed(outcome.right))
        )

      const read = <A>(query: (state: State) => A) =>
        Effect.map(
          Effect.flatMap(
            FiberRef.get(transaction),
            Option.match({ onNone: () => Ref.get(committed), onSome: Ref.get })
          ),
          query
        )

      const write = <A>(mutation: Mutation<A>) =>
        Effect.flatMap(
          FiberRef.get(transaction),
          Option.match({
            onNone: () => writer.withPermits(1)(apply(committed, mutation)),
            onSome: (working) => apply(working, mutation)
          })
        )

      const outermost = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        writer.withPermits(1)(
          Effect.uninterruptibleMask((restore) =>
            Effect.gen(function*() {
              const working = yield* Ref.make(yield* Ref.get(committed))
              const exit = yield* Effect.exit(restore(Effect.locally(effect, transaction, Option.some(working))))
              if (Exit.isSuccess(exit)) yield* Ref.set(committed, yield* Ref.get(working))
              return yield* exit
            })
          )
        )

      const savepoint = <A, E, R>(working: Ref.Ref<State>, effect: Effect.Effect<A, E, R>) =>
        Effect.flatMap(Ref.get(working), (snapshot) => Effect.onError(effect, () => Ref.set(working, snapshot)))

      const withTransaction = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        Effect.flatMap(
          FiberRef.get(transaction),
          Option.match({ onNone: () => outermost(effect), onSome: (working) => savepoint(working, effect) })
        )

      return { read, write, withTransaction }
    })
  )
}
