import { Chunk, Clock, Effect, Stream } from "effect"

/**
 * How far a long listing or export has got, on stderr (stdout carries the output itself): on a
 * terminal one line rewritten in place, elsewhere a line at most every second; a last one at the end
 * (the only one when it was quick).
 */
export const make = (label: string, total: number) =>
  Effect.map(Clock.currentTimeMillis, (startedAt) => {
    const terminal = process.stderr.isTTY === true
    let count = 0
    let shownAt = startedAt
    const line = () => `${label}: ${count.toLocaleString("en")} of ${total.toLocaleString("en")}`
    const write = (text: string) => Effect.sync(() => process.stderr.write(terminal ? `\r${text}` : `${text}\n`))
    const add = (done: number) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        count += done
        if (now - shownAt < (terminal ? 100 : 1_000)) return Effect.void
        shownAt = now
        return write(line())
      })
    return {
      /** Counts each chunk of a stream as it passes. */
      counting: <A, E, R>(stream: Stream.Stream<A, E, R>) =>
        Stream.mapChunksEffect(stream, (chunk) => Effect.as(add(Chunk.size(chunk)), chunk)),
      end: Effect.suspend(() => write(`${line()}${terminal ? "\n" : ""}`))
    }
  })
