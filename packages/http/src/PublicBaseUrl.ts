import { HttpUrl } from "@dsar/domain"
import { Config, Effect, Option, Schema } from "effect"

// Where links point, decided in one place for the server, its commands and programs composing the
// services in their own process: emails written anywhere carry the server's links.

const isHttpUrl = Schema.is(HttpUrl)

/** The port `dsar serve` listens on: `PORT`, else 3000. */
export const portSetting = Config.integer("PORT").pipe(
  Config.validate({ message: "PORT must be from 0 to 65535", validation: (n) => n >= 0 && n <= 65535 }),
  Config.withDefault(3000)
)

/** The interface `dsar serve` listens on: `HOST`, else 127.0.0.1. */
export const hostSetting = Config.string("HOST").pipe(Config.withDefault("127.0.0.1"))

/** `PUBLIC_BASE_URL`, the absolute http(s) URL the server is reached at, when set. */
export const publicBaseUrlSetting = Config.string("PUBLIC_BASE_URL").pipe(
  Config.validate({ message: "PUBLIC_BASE_URL must be an absolute http(s) URL", validation: isHttpUrl })
)

const hostInUrl = (listenHost: string) =>
  ["0.0.0.0", "::", ""].includes(listenHost) ? "localhost" : listenHost.includes(":") ? `[${listenHost}]` : listenHost

/** The public base URL, else the address of a server listening on `listenHost` and `listenPort`. */
export const baseUrlOr = (publicUrl: Option.Option<string>, listenHost: string, listenPort: number) =>
  Option.getOrElse(publicUrl, () => `http://${hostInUrl(listenHost)}:${listenPort}`)

/**
 * For what serves nothing itself (a command, an in-process program): the given URL, else
 * `PUBLIC_BASE_URL`, else the address `dsar serve` listens on with the same `HOST` and `PORT`.
 */
export const defaultedPublicBaseUrl = (publicUrl: Option.Option<string> = Option.none()) =>
  Effect.map(
    Config.all([Config.option(publicBaseUrlSetting), hostSetting, portSetting]),
    ([fromEnvironment, listenHost, listenPort]) =>
      baseUrlOr(Option.orElse(publicUrl, () => fromEnvironment), listenHost, listenPort)
  )
