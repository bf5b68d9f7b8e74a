import type { CliApp } from "@effect/cli"
import { CliConfig, Command, CommandDescriptor, CommandDirective, ValidationError } from "@effect/cli"
import { Array as Arr, Console, Effect, Logger } from "effect"
import { conformance } from "./cli/Conformance.js"
import { reportFailures, UsageError } from "./cli/Failure.js"
import { commandPath, commandTree, globalOptions, plainText, renderHelp } from "./cli/Help.js"
import { history } from "./cli/History.js"
import { keys } from "./cli/Keys.js"
import { links } from "./cli/Links.js"
import { migrate } from "./cli/Migrate.js"
import { notes } from "./cli/Notes.js"
import { operators } from "./cli/Operators.js"
import { orgs } from "./cli/Orgs.js"
import { requests } from "./cli/Requests.js"
import { retentionCommand } from "./cli/Retention.js"
import { serve } from "./cli/Serve.js"
import { templates } from "./cli/Templates.js"
import { webhooks } from "./cli/Webhooks.js"

export const dsar = Command.make("dsar").pipe(
  Command.withDescription("Privacy requests (DSAR) server and tools."),
  Command.withSubcommands([
    serve,
    migrate,
    orgs,
    templates,
    keys,
    operators,
    requests,
    links,
    notes,
    history,
    retentionCommand,
    conformance,
    conformance,
    webhooks
  ])
)

const name = "dsar"
const version = "0.1.0"
const config = CliConfig.defaultConfig
const tree = commandTree(dsar.descriptor)

// No colour where the text goes to a file or a pipe, or where NO_COLOR asks for none (no-color.org).
const showHelp = (args: ReadonlyArray<string>) =>
  Console.log(
    renderHelp(commandPath(tree, args), {
      version,
      globalOptions: globalOptions(dsar.descriptor),
      colour: process.stdout.isTTY === true && !process.env["NO_COLOR"],
      width: Math.min(process.stdout.columns ?? 100, 100)
    }).trimEnd()
  )

const helpCommand = (args: ReadonlyArray<string>) => commandPath(tree, args).map((command) => command.name).join(" ")

// What @effect/cli found wrong with the command line, as the other failures are told: one line.
const invalid = (args: ReadonlyArray<string>, message: string) =>
  new UsageError({ message: `${message} (see ${helpCommand(args)} --help)` })

const withoutLogLevel = (args: ReadonlyArray<string>) =>
  args.filter((arg, index) =>
    !(arg === "--log-level" || arg.startsWith("--log-level=") || args[index - 1] === "--log-level")
  )

type Handled = ReturnType<typeof dsar.handler>
type Run = Effect.Effect<
  void,
  Effect.Effect.Error<Handled> | UsageError | ValidationError.ValidationError,
  Effect.Effect.Context<Handled> | CliApp.CliApp.Environment
>

/**
 * Runs the command line `argv` (Node's: the runtime, the script, then the arguments) as
 * `Command.run` does, but with the help above and errors on one line.
 */
export const run = (argv: ReadonlyArray<string>) => {
  const execute = (args: ReadonlyArray<string>): Run => {
    // @effect/cli drops an empty value of a repeated option: `--redirect-domain ''` would read as
    // no domain at all, which allows any. An empty value is refused for every option instead.
    const emptied = args.findIndex((arg, index) => arg.startsWith("--") && args[index + 1] === "")
    if (emptied >= 0) return Effect.fail(invalid(args, `${args[emptied]} was given an empty value`))
    return CommandDescriptor.parse(dsar.descriptor, [name, ...args], config).pipe(
      Effect.mapError((error) => invalid(args, plainText(error.error))),
      Effect.flatMap((directive) => {
        if (CommandDirective.isUserDefined(directive)) {
          return Arr.matchLeft(directive.leftover, {
            onEmpty: () =>
              dsar.transform(dsar.handler(directive.value), directive.value).pipe(
                // A group run without a command, `dsar requests` say, asks for its help.
                Effect.catchIf(
                  (error) => ValidationError.isValidationError(error) && ValidationError.isHelpRequested(error),
                  () => showHelp(args)
                )
              ),
            onNonEmpty: (head) => Effect.fail(invalid(args, `Received unknown argument: '${head}'`))
          })
        }
        switch (directive.option._tag) {
          case "ShowHelp":
            return showHelp(args)
          case "ShowVersion":
            return Console.log(version)
          case "SetLogLevel":
            return Logger.withMinimumLogLevel(execute(withoutLogLevel(args)), directive.option.level)
          default:
            // Shell completions and the wizard, as @effect/cli has them.
            return Command.run(dsar, { name, version })(argv)
        }
      })
    )
  }
  return reportFailures(execute(argv.slice(2)))
}
