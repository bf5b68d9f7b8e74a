import { Context, type Duration } from "effect"
import type { SignInLinkLimits } from "./console/SignInLinks.js"
import type { FormLimits } from "./services/FormLimiter.js"
import type { LoginLimits } from "./services/LoginLimiter.js"

/** What the services need to know of their deployment. */
export class Settings extends Context.Tag("@dsar/http/Settings")<
  Settings,
  {
    /** Absolute base URL the public link pages are served under, e.g. `https://dsar.example.org`. */
    readonly publicBaseUrl: string
    /** How long a session token lives (one hour unless a test shortens it). */
    readonly sessionTtl: Duration.Duration
    /** How logins are limited (`defaultLoginLimits` when absent). */
    readonly loginLimits?: LoginLimits
    /** How the privacy form's submissions are limited (`defaultFormLimits` when absent). */
    readonly formLimits?: FormLimits
    /** How asking for sign-in links on the console's sign-in page is limited (`defaultSignInLinkLimits` when absent). */
    readonly signInLinkLimits?: SignInLinkLimits
    /**
     * How many proxies in front of the server append to `X-Forwarded-For`: the client address is
     * the entry that many from its end. 0 (the default): the header is ignored, the peer is the client.
     */
    readonly trustedProxyHops?: number
  }
>() {}
