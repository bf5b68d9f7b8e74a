import { Effect, Sink } from "effect"

/**
 * Writes each piece of text to `writable`, the next one only once it has been handed on, so a
 * slow disk or reader slows the producer instead of the text piling up in memory. (The platform's
 * `NodeSink.fromWritable` does not wait after the last piece of a chunk, and every chunk of an
 * export is one piece.)
 */
export const writing = <E>(writable: NodeJS.WritableStream, onError: (cause: unknown) => E) =>
  Sink.unwrap(
    Effect.sync(() => {
      // Each write's callback gets its failure; this keeps Node from also treating it as unhandled.
      writable.on("error", () => {})
      return Sink.forEach((text: string) =>
        Effect.async<void, E>((resume) => {
          writable.write(text, (cause) => resume(cause ? Effect.fail(onError(cause)) : Effect.void))
        })
      )
    })
  )

/** Ends `writable` and waits until everything written has been flushed. */
export const ending = (writable: NodeJS.WritableStream) =>
  Effect.async<void>((resume) => void writable.end(() => resume(Effect.void)))
