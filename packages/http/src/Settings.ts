import { Context, type Duration } from "effect"

/** What the services need to know of their deployment. */
export class Settings extends Context.Tag("@dsar/http/Settings")<
  Settings,
  {
    /** Absolute base URL the public link pages are served under, e.g. `https://dsar.example.org`. */
    readonly publicBaseUrl: string
    /** How long a session token lives (one hour unless a test shortens it). */
    readonly sessionTtl: Duration.Duration
  }
>() {}
