import { ChainVerification, OrganizationId } from "@dsar/domain"
import { verifyEveryHistory, verifyHistory } from "@dsar/http"
import { Command, Options } from "@effect/cli"
import { Console, Effect, Option, Schema } from "effect"
import { storesLayer } from "../Adapters.js"
import { dataDir } from "../Config.js"
import { Reported } from "./Failure.js"
import { json } from "./Output.js"

const org = Options.text("org").pipe(
  Options.withDescription("The organisation whose history to verify (default: every organisation's)."),
  Options.withSchema(OrganizationId),
  Options.optional
)

/** One line per organisation: intact up to its head, or where its chain first breaks. */
export const verificationLine = (verdict: ChainVerification) =>
  verdict.first_break === null
    ? `${verdict.organization_id}\tintact\t${verdict.verified_entries} entries\thead #${verdict.head.position} ${verdict.head.hash}`
    : `${verdict.organization_id}\tBROKEN at #${verdict.first_break.position}\t${verdict.first_break.reason}: ${verdict.first_break.message}`

const verify = Command.make(
  "verify",
  { dataDir, org, json },
  (options) =>
    Effect.gen(function*() {
      const verdicts = yield* Effect.provide(
        Option.match(options.org, {
          onNone: () => verifyEveryHistory,
          onSome: (id) => Effect.map(verifyHistory(id), (verdict) => [verdict])
        }),
        yield* storesLayer(options.dataDir)
      )
      yield* Console.log(
        options.json
          ? JSON.stringify(Schema.encodeSync(Schema.Array(ChainVerification))(verdicts), null, 2)
          : verdicts.map(verificationLine).join("\n")
      )
      const broken = verdicts.filter((verdict) => !verdict.intact).length
      if (broken > 0) {
        yield* Console.error(`${broken} of ${verdicts.length} organisation(s) have a history that was tampered with`)
        return yield* new Reported()
      }
    })
).pipe(
  Command.withDescription(
    "Check that no history entry was altered, removed or reordered since it was written (each organisation's entries form a hash chain); exits with 1 and names the first broken entry otherwise."
  )
)

export const history = Command.make("history").pipe(
  Command.withDescription("The tamper-evident history of changes, on the local data directory or DATABASE_URL."),
  Command.withSubcommands([verify])
)
