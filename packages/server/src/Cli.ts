import { Command } from "@effect/cli"
import { links } from "./cli/Links.js"
import { migrate } from "./cli/Migrate.js"
import { notes } from "./cli/Notes.js"
import { orgs } from "./cli/Orgs.js"
import { requests } from "./cli/Requests.js"
import { serve } from "./cli/Serve.js"

export const dsar = Command.make("dsar").pipe(
  Command.withDescription("Privacy requests (DSAR) server and tools."),
  Command.withSubcommands([serve, migrate, orgs, requests, links, notes])
)

export const run = Command.run(dsar, { name: "dsar", version: "0.1.0" })
