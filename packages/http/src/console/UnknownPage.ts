import { Effect } from "effect"
import { html } from "../Html.js"
import { requireOperator } from "./ConsoleAuth.js"
import { consolePage } from "./ConsoleLayout.js"

/**
 * A console address no page has: the console's own 404, in its frame, rather than the API's JSON;
 * the signed out are sent to sign in first, as from any console page, so it tells them nothing.
 */
export const unknownPageRoute = Effect.map(requireOperator, (operator) =>
  consolePage({
    title: "Page not found",
    operator,
    status: 404,
    body: html`<div class="notice error" role="alert"><p>There is no such page in the console.</p></div>
<p><a href="/console">Go to the dashboard</a></p>`
  }))
