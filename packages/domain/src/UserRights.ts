import { Schema } from "effect"
import { addPeriod, Period, shortestSpanInDays } from "./Deadline.js"
import { RegulationId, RegulationsCatalogue } from "./Regulations.js"
import { Translations } from "./Translations.js"

const Days45 = { count: 45, unit: "calendar_days" } as const
const Days15 = { count: 15, unit: "calendar_days" } as const
const BusinessDays15 = { count: 15, unit: "business_days" } as const
const BusinessDays10 = { count: 10, unit: "business_days" } as const
const OneMonth = { count: 1, unit: "calendar_months" } as const
const Once45Days = { period: Days45, times: 1 } as const
const OnceTwoMonths = { period: { count: 2, unit: "calendar_months" }, times: 1 } as const

/**
 * The rights a requester can exercise, as data: adding a right or a regulation is adding an entry
 * here (and in `RegulationsCatalogue`). `deadline` is the response deadline in the law's own unit,
 * counted from receipt; `extension` how far, and how many times, it may be extended with notice
 * (none: it may not); `receipt` when the law asks the receipt to be confirmed.
 */
export const UserRightsCatalogue = {
  cpra_access_my_data: {
    regulation_id: "cpra",
    kind: "access",
    reference: "Cal. Civ. Code §1798.110; 11 CCR §7021",
    label: {
      en: "Access my data",
      fr: "Accéder à mes données",
      de: "Auskunft über meine Daten",
      es: "Acceder a mis datos"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: BusinessDays10
  },
  cpra_delete_my_data: {
    regulation_id: "cpra",
    kind: "delete",
    reference: "Cal. Civ. Code §1798.105; 11 CCR §7021",
    label: { en: "Delete my data", fr: "Supprimer mes données", de: "Meine Daten löschen", es: "Eliminar mis datos" },
    deadline: Days45,
    extension: Once45Days,
    receipt: BusinessDays10
  },
  cpra_opt_out: {
    regulation_id: "cpra",
    kind: "opt_out",
    reference: "Cal. Civ. Code §1798.120; 11 CCR §7026(f)",
    label: {
      en: "Opt out of the sale or sharing of my data",
      fr: "M’opposer à la vente ou au partage de mes données",
      de: "Dem Verkauf oder der Weitergabe meiner Daten widersprechen",
      es: "Oponerme a la venta o cesión de mis datos"
    },
    deadline: BusinessDays15,
    extension: null,
    receipt: null
  },
  cpra_correct_my_data: {
    regulation_id: "cpra",
    kind: "rectify",
    reference: "Cal. Civ. Code §1798.106; 11 CCR §7021",
    label: {
      en: "Correct my data",
      fr: "Rectifier mes données",
      de: "Meine Daten berichtigen",
      es: "Rectificar mis datos"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: BusinessDays10
  },
  cpra_limit_sensitive_data: {
    regulation_id: "cpra",
    kind: "limit",
    reference: "Cal. Civ. Code §1798.121; 11 CCR §7027(g)",
    label: {
      en: "Limit the use of my sensitive personal information",
      fr: "Limiter l’utilisation de mes données personnelles sensibles",
      de: "Die Verwendung meiner sensiblen personenbezogenen Daten einschränken",
      es: "Limitar el uso de mis datos personales sensibles"
    },
    deadline: BusinessDays15,
    extension: null,
    receipt: null
  },
  gdpr_access: {
    regulation_id: "gdpr",
    kind: "access",
    reference: "GDPR Art. 15, Art. 12(3)",
    label: {
      en: "Access my personal data",
      fr: "Accéder à mes données personnelles",
      de: "Auskunft über meine personenbezogenen Daten",
      es: "Acceder a mis datos personales"
    },
    deadline: OneMonth,
    extension: OnceTwoMonths,
    receipt: null
  },
  gdpr_rectification: {
    regulation_id: "gdpr",
    kind: "rectify",
    reference: "GDPR Art. 16, Art. 12(3)",
    label: {
      en: "Rectify my personal data",
      fr: "Rectifier mes données personnelles",
      de: "Meine personenbezogenen Daten berichtigen",
      es: "Rectificar mis datos personales"
    },
    deadline: OneMonth,
    extension: OnceTwoMonths,
    receipt: null
  },
  gdpr_erasure: {
    regulation_id: "gdpr",
    kind: "delete",
    reference: "GDPR Art. 17, Art. 12(3)",
    label: {
      en: "Erase my personal data",
      fr: "Effacer mes données personnelles",
      de: "Meine personenbezogenen Daten löschen",
      es: "Suprimir mis datos personales"
    },
    deadline: OneMonth,
    extension: OnceTwoMonths,
    receipt: null
  },
  gdpr_restriction: {
    regulation_id: "gdpr",
    kind: "restrict",
    reference: "GDPR Art. 18, Art. 12(3)",
    label: {
      en: "Restrict the processing of my personal data",
      fr: "Limiter le traitement de mes données personnelles",
      de: "Die Verarbeitung meiner personenbezogenen Daten einschränken",
      es: "Limitar el tratamiento de mis datos personales"
    },
    deadline: OneMonth,
    extension: OnceTwoMonths,
    receipt: null
  },
  gdpr_portability: {
    regulation_id: "gdpr",
    kind: "portability",
    reference: "GDPR Art. 20, Art. 12(3)",
    label: {
      en: "Receive my personal data in a portable format",
      fr: "Recevoir mes données personnelles dans un format portable",
      de: "Meine personenbezogenen Daten in einem übertragbaren Format erhalten",
      es: "Recibir mis datos personales en un formato portable"
    },
    deadline: OneMonth,
    extension: OnceTwoMonths,
    receipt: null
  },
  gdpr_objection: {
    regulation_id: "gdpr",
    kind: "object",
    reference: "GDPR Art. 21, Art. 12(3)",
    label: {
      en: "Object to the processing of my personal data",
      fr: "M’opposer au traitement de mes données personnelles",
      de: "Der Verarbeitung meiner personenbezogenen Daten widersprechen",
      es: "Oponerme al tratamiento de mis datos personales"
    },
    deadline: OneMonth,
    extension: OnceTwoMonths,
    receipt: null
  },
  lgpd_access: {
    regulation_id: "lgpd",
    kind: "access",
    reference: "LGPD Art. 18, II; Art. 19, II",
    label: {
      en: "Access my personal data",
      pt: "Acessar meus dados pessoais",
      fr: "Accéder à mes données personnelles",
      de: "Auskunft über meine personenbezogenen Daten",
      es: "Acceder a mis datos personales"
    },
    deadline: Days15,
    extension: null,
    receipt: null
  },
  lgpd_correction: {
    regulation_id: "lgpd",
    kind: "rectify",
    reference: "LGPD Art. 18, III",
    label: {
      en: "Correct my personal data",
      pt: "Corrigir meus dados pessoais",
      fr: "Rectifier mes données personnelles",
      de: "Meine personenbezogenen Daten berichtigen",
      es: "Rectificar mis datos personales"
    },
    deadline: Days15,
    extension: null,
    receipt: null
  },
  lgpd_deletion: {
    regulation_id: "lgpd",
    kind: "delete",
    reference: "LGPD Art. 18, IV and VI",
    label: {
      en: "Delete my personal data",
      pt: "Eliminar meus dados pessoais",
      fr: "Supprimer mes données personnelles",
      de: "Meine personenbezogenen Daten löschen",
      es: "Eliminar mis datos personales"
    },
    deadline: Days15,
    extension: null,
    receipt: null
  },
  lgpd_portability: {
    regulation_id: "lgpd",
    kind: "portability",
    reference: "LGPD Art. 18, V",
    label: {
      en: "Port my personal data",
      pt: "Portar meus dados pessoais",
      fr: "Transférer mes données personnelles",
      de: "Meine personenbezogenen Daten übertragen",
      es: "Portar mis datos personales"
    },
    deadline: Days15,
    extension: null,
    receipt: null
  },
  lgpd_objection: {
    regulation_id: "lgpd",
    kind: "object",
    reference: "LGPD Art. 18, §2",
    label: {
      en: "Object to the processing of my personal data",
      pt: "Opor-me ao tratamento dos meus dados",
      fr: "M’opposer au traitement de mes données personnelles",
      de: "Der Verarbeitung meiner personenbezogenen Daten widersprechen",
      es: "Oponerme al tratamiento de mis datos personales"
    },
    deadline: Days15,
    extension: null,
    receipt: null
  },
  vcdpa_access: {
    regulation_id: "vcdpa",
    kind: "access",
    reference: "Va. Code §59.1-577",
    label: {
      en: "Access my personal data",
      fr: "Accéder à mes données personnelles",
      de: "Auskunft über meine personenbezogenen Daten",
      es: "Acceder a mis datos personales"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: null
  },
  vcdpa_correct: {
    regulation_id: "vcdpa",
    kind: "rectify",
    reference: "Va. Code §59.1-577",
    label: {
      en: "Correct my personal data",
      fr: "Rectifier mes données personnelles",
      de: "Meine personenbezogenen Daten berichtigen",
      es: "Rectificar mis datos personales"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: null
  },
  vcdpa_delete: {
    regulation_id: "vcdpa",
    kind: "delete",
    reference: "Va. Code §59.1-577",
    label: {
      en: "Delete my personal data",
      fr: "Supprimer mes données personnelles",
      de: "Meine personenbezogenen Daten löschen",
      es: "Eliminar mis datos personales"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: null
  },
  vcdpa_portability: {
    regulation_id: "vcdpa",
    kind: "portability",
    reference: "Va. Code §59.1-577",
    label: {
      en: "Obtain a portable copy of my personal data",
      fr: "Obtenir une copie portable de mes données personnelles",
      de: "Eine übertragbare Kopie meiner personenbezogenen Daten erhalten",
      es: "Obtener una copia portable de mis datos personales"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: null
  },
  vcdpa_opt_out: {
    regulation_id: "vcdpa",
    kind: "opt_out",
    reference: "Va. Code §59.1-577",
    label: {
      en: "Opt out of targeted advertising, sale or profiling",
      fr: "M’opposer à la publicité ciblée, à la vente ou au profilage",
      de: "Gezielter Werbung, dem Verkauf oder dem Profiling widersprechen",
      es: "Oponerme a la publicidad dirigida, la venta o la elaboración de perfiles"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: null
  },
  cpa_access: {
    regulation_id: "cpa",
    kind: "access",
    reference: "C.R.S. §6-1-1306",
    label: {
      en: "Access my personal data",
      fr: "Accéder à mes données personnelles",
      de: "Auskunft über meine personenbezogenen Daten",
      es: "Acceder a mis datos personales"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: null
  },
  cpa_correct: {
    regulation_id: "cpa",
    kind: "rectify",
    reference: "C.R.S. §6-1-1306",
    label: {
      en: "Correct my personal data",
      fr: "Rectifier mes données personnelles",
      de: "Meine personenbezogenen Daten berichtigen",
      es: "Rectificar mis datos personales"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: null
  },
  cpa_delete: {
    regulation_id: "cpa",
    kind: "delete",
    reference: "C.R.S. §6-1-1306",
    label: {
      en: "Delete my personal data",
      fr: "Supprimer mes données personnelles",
      de: "Meine personenbezogenen Daten löschen",
      es: "Eliminar mis datos personales"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: null
  },
  cpa_portability: {
    regulation_id: "cpa",
    kind: "portability",
    reference: "C.R.S. §6-1-1306",
    label: {
      en: "Obtain a portable copy of my personal data",
      fr: "Obtenir une copie portable de mes données personnelles",
      de: "Eine übertragbare Kopie meiner personenbezogenen Daten erhalten",
      es: "Obtener una copia portable de mis datos personales"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: null
  },
  cpa_opt_out: {
    regulation_id: "cpa",
    kind: "opt_out",
    reference: "C.R.S. §6-1-1306",
    label: {
      en: "Opt out of targeted advertising, sale or profiling",
      fr: "M’opposer à la publicité ciblée, à la vente ou au profilage",
      de: "Gezielter Werbung, dem Verkauf oder dem Profiling widersprechen",
      es: "Oponerme a la publicidad dirigida, la venta o la elaboración de perfiles"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: null
  },
  ctdpa_access: {
    regulation_id: "ctdpa",
    kind: "access",
    reference: "Conn. Gen. Stat. §42-518",
    label: {
      en: "Access my personal data",
      fr: "Accéder à mes données personnelles",
      de: "Auskunft über meine personenbezogenen Daten",
      es: "Acceder a mis datos personales"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: null
  },
  ctdpa_correct: {
    regulation_id: "ctdpa",
    kind: "rectify",
    reference: "Conn. Gen. Stat. §42-518",
    label: {
      en: "Correct my personal data",
      fr: "Rectifier mes données personnelles",
      de: "Meine personenbezogenen Daten berichtigen",
      es: "Rectificar mis datos personales"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: null
  },
  ctdpa_delete: {
    regulation_id: "ctdpa",
    kind: "delete",
    reference: "Conn. Gen. Stat. §42-518",
    label: {
      en: "Delete my personal data",
      fr: "Supprimer mes données personnelles",
      de: "Meine personenbezogenen Daten löschen",
      es: "Eliminar mis datos personales"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: null
  },
  ctdpa_portability: {
    regulation_id: "ctdpa",
    kind: "portability",
    reference: "Conn. Gen. Stat. §42-518",
    label: {
      en: "Obtain a portable copy of my personal data",
      fr: "Obtenir une copie portable de mes données personnelles",
      de: "Eine übertragbare Kopie meiner personenbezogenen Daten erhalten",
      es: "Obtener una copia portable de mis datos personales"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: null
  },
  ctdpa_opt_out: {
    regulation_id: "ctdpa",
    kind: "opt_out",
    reference: "Conn. Gen. Stat. §42-518",
    label: {
      en: "Opt out of targeted advertising, sale or profiling",
      fr: "M’opposer à la publicité ciblée, à la vente ou au profilage",
      de: "Gezielter Werbung, dem Verkauf oder dem Profiling widersprechen",
      es: "Oponerme a la publicidad dirigida, la venta o la elaboración de perfiles"
    },
    deadline: Days45,
    extension: Once45Days,
    receipt: null
  }
} as const satisfies Record<string, UserRightData>

export const UserRightKind = Schema.Literal(
  "access",
  "delete",
  "opt_out",
  "rectify",
  "portability",
  "restrict",
  "object",
  "limit"
).annotations({ identifier: "UserRightKind" })
export type UserRightKind = typeof UserRightKind.Type

export const ExtensionAllowance = Schema.Struct({
  period: Period.annotations({ description: "The most the deadline may move, in all, past the first deadline." }),
  times: Schema.Int.pipe(Schema.positive()).annotations({ description: "How many extensions the law allows." })
}).annotations({
  identifier: "ExtensionAllowance",
  description: "How far and how many times the deadline may be extended, with notice to the requester."
})
export type ExtensionAllowance = typeof ExtensionAllowance.Type

interface UserRightData {
  readonly regulation_id: RegulationId
  readonly kind: UserRightKind
  readonly reference: string
  readonly label: Translations
  readonly deadline: Period
  readonly extension: ExtensionAllowance | null
  readonly receipt: Period | null
}

type Catalogue = typeof UserRightsCatalogue
type NonEmpty<A> = readonly [A, ...Array<A>]

const rightIds = Object.keys(UserRightsCatalogue) as unknown as NonEmpty<keyof Catalogue>

export const UserRightId = Schema.Literal(...rightIds).annotations({
  identifier: "UserRightId",
  description: "The right the requester exercises.",
  message: () => ({ message: `must be one of ${rightIds.join(", ")}`, override: true })
})
export type UserRightId = typeof UserRightId.Type

/**
 * A right as the API serves it. The fields after `expiration_time` are this API's: the hosted
 * API's catalogue lacks them, so they are optional to read.
 */
export const UserRight = Schema.Struct({
  id: UserRightId,
  regulation_id: RegulationId,
  kind: UserRightKind,
  label: Translations,
  expiration_time: Schema.Int.pipe(Schema.positive()).annotations({
    description: "The fewest calendar days between receipt and the deadline (`deadline` is the law's rule): " +
      "counting this many calendar days from `created_at` never ends after a request's `expires_at`."
  }),
  reference: Schema.optionalWith(Schema.String, { exact: true }).annotations({
    description: "Where the law states the right and its deadline."
  }),
  deadline: Schema.optionalWith(Period, { exact: true }).annotations({
    description: "The response deadline in the law's own unit, counted from receipt."
  }),
  extension: Schema.optionalWith(Schema.NullOr(ExtensionAllowance), { exact: true }).annotations({
    description: "How far and how often the deadline may be extended; null: it may not be."
  }),
  receipt: Schema.optionalWith(Schema.NullOr(Period), { exact: true }).annotations({
    description: "When the law asks the receipt of a request to be confirmed; null: it does not."
  })
}).annotations({ identifier: "UserRight", description: "A right from the catalogue." })
export type UserRight = typeof UserRight.Type

const entry = (id: UserRightId): UserRightData => UserRightsCatalogue[id]

export const userRight = (id: UserRightId): UserRight => {
  const { deadline, extension, kind, label, receipt, reference, regulation_id } = entry(id)
  return {
    id,
    regulation_id,
    kind,
    label,
    expiration_time: shortestSpanInDays(deadline),
    reference,
    deadline,
    extension,
    receipt
  }
}

export const userRights: ReadonlyArray<UserRight> = rightIds.map(userRight)

export const regulationOf = (id: UserRightId): RegulationId => entry(id).regulation_id

const holidaysOf = (id: UserRightId) => RegulationsCatalogue[regulationOf(id)].holidays

/** Whether the right's law asks the receipt of a request to be confirmed (`receipt` is not null). */
export const asksReceiptConfirmation = (id: UserRightId): boolean => entry(id).receipt !== null

/** By when the receipt of a request received at `receivedAt` must be confirmed; null when its law does not ask. */
export const receiptDueBy = (id: UserRightId, receivedAt: Date): Date | null => {
  const receipt = entry(id).receipt
  return receipt === null ? null : addPeriod(receivedAt, receipt, holidaysOf(id))
}

/** The legal response deadline: the right's `deadline` after receipt, on its regulation's calendar. */
export const responseDeadline = (id: UserRightId, receivedAt: Date): Date =>
  addPeriod(receivedAt, entry(id).deadline, holidaysOf(id))

/**
 * The latest a request's deadline may be extended to: its first deadline plus the right's extension
 * period; null when the right allows no extension.
 */
export const latestExtendedDeadline = (id: UserRightId, firstDeadline: Date): Date | null => {
  const extension = entry(id).extension
  return extension === null ? null : addPeriod(firstDeadline, extension.period, holidaysOf(id))
}

/**
 * A served right's deadline after receipt: its `deadline` in the law's unit, or, from a catalogue
 * without one (the hosted API's), `expiration_time` calendar days.
 */
export const servedDeadline = (right: UserRight) => (receivedAt: Date): Date =>
  addPeriod(
    receivedAt,
    right.deadline ?? { count: right.expiration_time, unit: "calendar_days" },
    RegulationsCatalogue[right.regulation_id].holidays
  )
