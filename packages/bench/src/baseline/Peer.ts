import { Statuses, UserRightsCatalogue } from "@dsar/domain"

/** The statuses and rights a created request may name, which both peers check. */
export const statuses: ReadonlyArray<string> = Statuses
export const rights: ReadonlyArray<string> = Object.keys(UserRightsCatalogue)

export const PREFIX = "/dsar/requests"

/** Takes the arguments `dsar serve` takes, so the bench starts every server the same way. */
export const peerArgs = (argv: ReadonlyArray<string>) => {
  const at = (name: string) => argv[argv.indexOf(name) + 1]
  return { port: Number(at("--port")), dataDir: at("--data-dir") ?? "./data" }
}
