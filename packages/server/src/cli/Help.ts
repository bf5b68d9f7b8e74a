import { Args, BuiltInOptions, type CommandDescriptor, HelpDoc, Options, type Span, Usage } from "@effect/cli"
import { Option } from "effect"

// @effect/cli's own help is ANSI whatever the output, pads the command list to its longest usage
// line, names a subcommand without its parents and shows repeatable options as required, and its
// configuration changes none of that: the help is written here, from the same descriptors.

/** A command as its help shows it: its options and arguments, or the commands under it. */
export interface CommandNode {
  readonly name: string
  readonly description: string
  readonly options: Options.Options<unknown>
  readonly args: Args.Args<unknown>
  readonly children: ReadonlyArray<CommandNode>
}

// A descriptor's instructions, which @effect/cli does not export: a command, a command mapped
// over, or a parent and its subcommands (its public `getSubcommands` goes one level deep only).
type Instruction =
  | {
    readonly _tag: "Standard"
    readonly name: string
    readonly description: HelpDoc.HelpDoc
    readonly options: Options.Options<unknown>
    readonly args: Args.Args<unknown>
  }
  | { readonly _tag: "Map"; readonly command: Instruction }
  | { readonly _tag: "Subcommands"; readonly parent: Instruction; readonly children: ReadonlyArray<Instruction> }

const node = (instruction: Instruction): CommandNode => {
  switch (instruction._tag) {
    case "Standard":
      return { ...instruction, description: paragraphs(instruction.description).join(" "), children: [] }
    case "Map":
      return node(instruction.command)
    case "Subcommands":
      return { ...node(instruction.parent), children: instruction.children.map(node) }
    default:
      throw new Error(`A command descriptor of an unknown kind: ${(instruction as { _tag: string })._tag}`)
  }
}

export const commandTree = (descriptor: CommandDescriptor.Command<unknown>): CommandNode =>
  node(descriptor as unknown as Instruction)

/** The commands `args` name, from the root: `dsar requests list --all` names dsar, requests and list. */
export const commandPath = (root: CommandNode, args: ReadonlyArray<string>): ReadonlyArray<CommandNode> =>
  args.reduce<ReadonlyArray<CommandNode>>((path, arg) => {
    const child = path[path.length - 1]!.children.find((candidate) => candidate.name === arg)
    return child ? [...path, child] : path
  }, [root])

const spanText = (span: Span.Span): string => {
  switch (span._tag) {
    case "Text":
    case "URI":
      return span.value
    case "Sequence":
      return spanText(span.left) + spanText(span.right)
    default:
      return spanText(span.value)
  }
}

const paragraphs = (doc: HelpDoc.HelpDoc): ReadonlyArray<string> => {
  switch (doc._tag) {
    case "Empty":
      return []
    case "Header":
    case "Paragraph":
      return [spanText(doc.value)]
    case "Sequence":
      return [...paragraphs(doc.left), ...paragraphs(doc.right)]
    case "DescriptionList":
      return doc.definitions.flatMap(([span, definition]) => [spanText(span), ...paragraphs(definition)])
    case "Enumeration":
      return doc.elements.flatMap(paragraphs)
  }
}

/** A help document (an error's, say) as one line of text. */
export const plainText = (doc: HelpDoc.HelpDoc) => paragraphs(doc).join("; ")

interface Entry {
  readonly names: ReadonlyArray<string>
  readonly value: Option.Option<string>
  readonly optional: boolean
  readonly repeated: boolean
  readonly description: string
}

const usages = (usage: Usage.Usage, optional = false, repeated = false): Array<Omit<Entry, "description">> => {
  switch (usage._tag) {
    case "Empty":
    case "Mixed":
      return []
    case "Named":
      return [{ names: usage.names, value: usage.acceptedValues, optional, repeated }]
    case "Optional":
      return usages(usage.usage, true, repeated)
    case "Repeated":
      return usages(usage.usage, optional, true)
    case "Alternation":
    case "Concat":
      return [...usages(usage.left, optional, repeated), ...usages(usage.right, optional, repeated)]
  }
}

const definitions = (doc: HelpDoc.HelpDoc): ReadonlyArray<HelpDoc.HelpDoc> =>
  doc._tag === "Sequence"
    ? [...definitions(doc.left), ...definitions(doc.right)]
    : doc._tag === "DescriptionList"
    ? doc.definitions.map(([, definition]) => definition)
    : []

const choices = (entry: Omit<Entry, "description">) =>
  Option.filter(entry.value, (value) => value.includes(" | ")).pipe(Option.map((value) => value.split(" | ")))

/**
 * Each option or argument of a usage and its help, in the same order: the help's first paragraph
 * names the value's type, and its closing ones (optional, repeatable, from the environment) say
 * what the usage shows already; the ones between are the command's own description.
 */
const entries = (usage: Usage.Usage, help: HelpDoc.HelpDoc): ReadonlyArray<Entry> => {
  const described = definitions(help)
  return usages(usage).map((entry, index) => {
    const own = paragraphs(described[index] ?? HelpDoc.empty)
      .slice(1)
      .filter((text) => !/^This (setting|option) /.test(text))
    const oneOf = Option.match(choices(entry), {
      onNone: () => [],
      onSome: (values) => [`One of: ${values.join(", ")}.`]
    })
    const required = entry.optional || entry.repeated || !entry.names[0]!.startsWith("-") ? [] : ["Required."]
    return { ...entry, description: [...own, ...oneOf, ...required].join(" ") }
  })
}

// A value is named after its option (`--url <url>`, `--redirect-url <url>`) unless its type
// says more (`<integer>`, `<file>`).
const placeholder = (entry: Omit<Entry, "description">) =>
  Option.match(entry.value, {
    onNone: () => "",
    onSome: (value) =>
      Option.isSome(choices(entry)) || value === "text" || value === "redacted"
        ? ` <${entry.names[entry.names.length - 1]!.split("-").pop()}>`
        : ` <${value}>`
  })

const usageToken = (entry: Entry) => {
  const core = `${entry.names[entry.names.length - 1]}${placeholder(entry)}`
  return `${entry.optional || entry.repeated ? `[${core}]` : core}${entry.repeated ? "..." : ""}`
}

/** `words` wrapped to `width` columns, each line after the first indented by `indent` spaces. */
const wrap = (words: ReadonlyArray<string>, width: number, indent: number, firstColumn = indent) => {
  const lines: Array<string> = []
  let line = ""
  let column = firstColumn
  for (const word of words) {
    if (line !== "" && column + 1 + word.length > width) {
      lines.push(line)
      line = ""
      column = indent
    }
    column += (line === "" ? 0 : 1) + word.length
    line = line === "" ? word : `${line} ${word}`
  }
  return [...lines, line].join(`\n${" ".repeat(indent)}`)
}

const table = (rows: ReadonlyArray<readonly [string, string]>, width: number) => {
  const nameWidth = Math.min(Math.max(...rows.map(([name]) => name.length)), 28)
  return rows
    .map(([name, description]) => {
      const words = description.split(/\s+/).filter((word) => word !== "")
      if (words.length === 0) return `  ${name}`
      const indent = nameWidth + 4
      return name.length > nameWidth
        ? `  ${name}\n${" ".repeat(indent)}${wrap(words, width, indent)}`
        : `  ${name.padEnd(nameWidth)}  ${wrap(words, width, indent)}`
    })
    .join("\n")
}

/** The options @effect/cli adds to every command (`--help`, `--log-level`...), as `descriptor` has them. */
export const globalOptions = (descriptor: CommandDescriptor.Command<unknown>): Options.Options<unknown> =>
  BuiltInOptions.builtInOptions(descriptor, Usage.empty, HelpDoc.empty)

// A group lists the commands under it, those of its subgroups included.
const leaves = (command: CommandNode, path: string): ReadonlyArray<readonly [string, string]> =>
  command.children.flatMap((child) =>
    child.children.length === 0
      ? [[`${path} ${child.name}`, child.description] as const]
      : leaves(child, `${path} ${child.name}`)
  )

export interface HelpSettings {
  readonly version: string
  readonly globalOptions: Options.Options<unknown>
  /** Bold headings, for a terminal. */
  readonly colour: boolean
  readonly width: number
}

/** The help of the last command of `path`, as text. */
export const renderHelp = (path: ReadonlyArray<CommandNode>, settings: HelpSettings) => {
  const command = path[path.length - 1]!
  const name = path.map((step) => step.name).join(" ")
  const heading = (text: string) => (settings.colour ? `\u001b[1m${text}\u001b[0m` : text)
  const section = (title: string, body: string) => `${heading(title)}\n${body}`
  const options = entries(Options.getUsage(command.options), Options.getHelp(command.options))
  const args = entries(Args.getUsage(command.args), Args.getHelp(command.args))
  const globals = entries(Options.getUsage(settings.globalOptions), Options.getHelp(settings.globalOptions))
  const group = command.children.length > 0
  const usageWords = group
    ? [name, "<command>", "[options]"]
    : [name, ...options.map(usageToken), ...args.map(usageToken)]
  const optionRows = (list: ReadonlyArray<Entry>) =>
    list.map((entry) => [`${entry.names.join(", ")}${placeholder(entry)}`, entry.description] as const)
  const title = path.length === 1 ? `${name} ${settings.version}` : name
  return [
    `${title}: ${command.description}`,
    section("Usage:", `  ${wrap(usageWords, settings.width, 4, 2)}`),
    args.length > 0
      ? section("Arguments:", table(args.map((entry) => [entry.names.join(", "), entry.description]), settings.width))
      : "",
    options.length > 0 ? section("Options:", table(optionRows(options), settings.width)) : "",
    group ? section("Commands:", table(leaves(command, name), settings.width)) : "",
    section("Global options:", table(optionRows(globals), settings.width)),
    group ? `Run '${name} <command> --help' for a command's options.` : ""
  ]
    .filter((part) => part !== "")
    .join("\n\n") + "\n"
}
