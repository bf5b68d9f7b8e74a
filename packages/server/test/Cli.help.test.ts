import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { bin, dsar } from "./support/Process.js"

// The help as a newcomer reads it: through a pipe (`dsar --help | less`), and on a terminal.

const run = promisify(execFile)
const escape = "\u001b["

const helps = [
  { args: ["--help"], path: "dsar", usage: "dsar <command> [options]" },
  { args: ["requests", "--help"], path: "dsar requests", usage: "dsar requests <command> [options]" },
  { args: ["requests", "list", "--help"], path: "dsar requests list", usage: "dsar requests list [--url <url>]" }
]

describe("dsar help", () => {
  for (const { args, path, usage } of helps) {
    it(`dsar ${args.join(" ")} in a pipe: plain text, no padding, the full command path, named first`, async () => {
      const { code, stdout, stderr } = await dsar(args)
      expect(code, stderr).toBe(0)
      expect(stdout).not.toContain(escape)
      const lines = stdout.split("\n")
      expect(lines[0]).toMatch(new RegExp(`^${path}( 0\\.1\\.0)?: \\S`))
      expect(stdout).toContain(`\n  ${usage}`)
      expect(lines.filter((line) => /\s$/.test(line))).toEqual([])
      expect(lines.filter((line) => line.length > 100)).toEqual([])
    })
  }

  it("a group's help names every command under it with its full path", async () => {
    const { stdout } = await dsar(["--help"])
    const some = ["dsar serve", "dsar orgs create", "dsar requests list", "dsar requests export", "dsar notes add"]
    for (const command of some) {
      expect(stdout).toMatch(new RegExp(`^  ${command}  +\\S`, "m"))
    }
    expect((await dsar(["requests"])).stdout).toBe((await dsar(["requests", "--help"])).stdout)
  })

  it("the usage puts optional options in brackets, repeatable ones followed by ..., required ones bare", async () => {
    // The usage as one line, however it was wrapped.
    const usageOf = (help: string) => help.split("\n\n")[1]!.replace(/\s+/g, " ")
    const list = (await dsar(["requests", "list", "--help"])).stdout
    expect(usageOf(list)).toContain("[--status <status>]... [--right <right>]... [--user <user>]")
    expect(usageOf(list)).toContain("[--limit <integer>]")
    const link = (await dsar(["links", "create", "--help"])).stdout
    expect(usageOf(link)).toContain("--status <status> --redirect-url <url> [--lifetime <integer>] <request-id>")
    expect(link).toMatch(/^ {2}--redirect-url <url> +Where the requester lands after confirming\. Required\.$/m)
    expect(link).toMatch(/^ {2}<request-id> +The request's id/m)
  })

  it("on a terminal the headings are bold, unless NO_COLOR is set", async () => {
    // `script` gives the command a terminal of its own.
    const { NO_COLOR: _unset, ...environment } = process.env
    const onTerminal = async (env: Record<string, string>) =>
      (await run("script", ["-qec", `"${process.execPath}" "${bin}" requests --help`, "/dev/null"], {
        env: { ...environment, ...env },
        encoding: "utf8"
      })).stdout
    expect(await onTerminal({})).toContain(`${escape}1mUsage:`)
    expect(await onTerminal({ NO_COLOR: "1" })).not.toContain(escape)
  })
})
