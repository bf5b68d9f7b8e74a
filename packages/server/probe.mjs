import { dsar } from "/work/wt/cli/packages/server/dist/src/Cli.js"
import { Options, Args, Usage, CliConfig } from "@effect/cli"
const un = (x) => x._tag === "Map" ? un(x.command) : x
const req = un(un(dsar.descriptor).children[3])
const list = un(req.children[0])
const s = (v) => JSON.stringify(v, (k, val) => val, 0)
for (const e of [Options.getHelp(list.options)]) console.log(s(e).slice(0, 1500))
console.log(s(Options.getUsage(list.options)).slice(0, 3000))
const links = un(un(dsar.descriptor).children[4]); const create = un(links.children[0])
for (const e of [Options.getHelp(create.options)]) console.log(s(e).slice(0, 1500))
console.log(s(Args.getHelp(create.args)), s(Args.getUsage(create.args)))
console.log(s(Usage.enumerate(Options.getUsage(list.options), CliConfig.make({})))?.slice(0,3000))
