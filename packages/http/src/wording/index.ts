import type { Language } from "@dsar/domain"
import { de } from "./de.js"
import { en } from "./en.js"
import { es } from "./es.js"
import { fr } from "./fr.js"
import type { Wording } from "./Wording.js"

export type * from "./Wording.js"

/** Everything written to requesters, by language: adding a language is adding its file here. */
export const wordings: { readonly [L in Language]: Wording } = { en, fr, de, es }
