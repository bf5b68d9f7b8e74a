import { Schema } from "effect"
import { CalendarDate } from "./Deadline.js"
import { Translations } from "./Translations.js"

/**
 * What a notice to the requester must tell them, as the laws list it: the new deadline, the reasons,
 * the right to complain to a supervisory authority, to seek a judicial remedy, to appeal the decision.
 */
export const NoticeItem = Schema.Literal(
  "new_deadline",
  "reasons",
  "right_to_complain",
  "judicial_remedy",
  "right_to_appeal"
).annotations({ identifier: "NoticeItem" })
export type NoticeItem = typeof NoticeItem.Type

/**
 * The regulations, as data: their name, the holidays their business days skip, what an extension
 * notice and a refusal must tell the requester, and the text of the requester's remedies. The
 * rights (`UserRights.ts`) refer to them by id.
 */
export const RegulationsCatalogue = {
  cpra: {
    name: "California Consumer Privacy Act, as amended by the California Privacy Rights Act (CPRA)",
    jurisdiction: "US-CA",
    holidays: [],
    extension_notice: ["new_deadline", "reasons"],
    refusal_notice: ["reasons"],
    remedies: {
      en: "If you disagree with this decision, you may contact the California Privacy Protection Agency.",
      fr:
        "Si vous n’êtes pas d’accord avec cette décision, vous pouvez contacter la California Privacy Protection Agency.",
      de:
        "Wenn Sie mit dieser Entscheidung nicht einverstanden sind, können Sie sich an die California Privacy Protection Agency wenden.",
      es: "Si no está de acuerdo con esta decisión, puede dirigirse a la California Privacy Protection Agency."
    }
  },
  gdpr: {
    name: "General Data Protection Regulation (EU) 2016/679 (GDPR)",
    jurisdiction: "EU",
    holidays: [],
    extension_notice: ["new_deadline", "reasons"],
    refusal_notice: ["reasons", "right_to_complain", "judicial_remedy"],
    remedies: {
      en: "You have the right to lodge a complaint with a supervisory authority and to seek a judicial remedy.",
      fr:
        "Vous avez le droit d’introduire une réclamation auprès d’une autorité de contrôle et de former un recours juridictionnel.",
      de:
        "Sie haben das Recht, bei einer Aufsichtsbehörde Beschwerde einzulegen und einen gerichtlichen Rechtsbehelf einzulegen.",
      es: "Tiene derecho a presentar una reclamación ante una autoridad de control y a ejercitar acciones judiciales."
    }
  },
  lgpd: {
    name: "Lei Geral de Proteção de Dados Pessoais, Lei nº 13.709/2018 (LGPD)",
    jurisdiction: "BR",
    holidays: [],
    extension_notice: ["new_deadline", "reasons"],
    refusal_notice: ["reasons", "right_to_complain"],
    remedies: {
      en: "You have the right to petition the Autoridade Nacional de Proteção de Dados (ANPD).",
      pt: "Você tem o direito de peticionar à Autoridade Nacional de Proteção de Dados (ANPD).",
      fr: "Vous avez le droit d’adresser une pétition à l’Autoridade Nacional de Proteção de Dados (ANPD).",
      de:
        "Sie haben das Recht, sich mit einer Eingabe an die Autoridade Nacional de Proteção de Dados (ANPD) zu wenden.",
      es: "Tiene derecho a presentar una petición ante la Autoridade Nacional de Proteção de Dados (ANPD)."
    }
  },
  vcdpa: {
    name: "Virginia Consumer Data Protection Act (VCDPA)",
    jurisdiction: "US-VA",
    holidays: [],
    extension_notice: ["new_deadline", "reasons"],
    refusal_notice: ["reasons", "right_to_appeal"],
    remedies: {
      en: "You may appeal this decision. If your appeal is denied, you may contact the Attorney General of Virginia.",
      fr:
        "Vous pouvez faire appel de cette décision. Si votre appel est rejeté, vous pouvez contacter le procureur général de Virginie (Attorney General of Virginia).",
      de:
        "Sie können gegen diese Entscheidung Einspruch einlegen. Wird er abgelehnt, können Sie sich an den Generalstaatsanwalt von Virginia (Attorney General of Virginia) wenden.",
      es:
        "Puede recurrir esta decisión. Si su recurso es denegado, puede dirigirse al Fiscal General de Virginia (Attorney General of Virginia)."
    }
  },
  cpa: {
    name: "Colorado Privacy Act (CPA)",
    jurisdiction: "US-CO",
    holidays: [],
    extension_notice: ["new_deadline", "reasons"],
    refusal_notice: ["reasons", "right_to_appeal"],
    remedies: {
      en: "You may appeal this decision. If your appeal is denied, you may contact the Colorado Attorney General.",
      fr:
        "Vous pouvez faire appel de cette décision. Si votre appel est rejeté, vous pouvez contacter le procureur général du Colorado (Colorado Attorney General).",
      de:
        "Sie können gegen diese Entscheidung Einspruch einlegen. Wird er abgelehnt, können Sie sich an den Generalstaatsanwalt von Colorado (Colorado Attorney General) wenden.",
      es:
        "Puede recurrir esta decisión. Si su recurso es denegado, puede dirigirse al Fiscal General de Colorado (Colorado Attorney General)."
    }
  },
  ctdpa: {
    name: "Connecticut Data Privacy Act (CTDPA)",
    jurisdiction: "US-CT",
    holidays: [],
    extension_notice: ["new_deadline", "reasons"],
    refusal_notice: ["reasons", "right_to_appeal"],
    remedies: {
      en: "You may appeal this decision. If your appeal is denied, you may contact the Connecticut Attorney General.",
      fr:
        "Vous pouvez faire appel de cette décision. Si votre appel est rejeté, vous pouvez contacter le procureur général du Connecticut (Connecticut Attorney General).",
      de:
        "Sie können gegen diese Entscheidung Einspruch einlegen. Wird er abgelehnt, können Sie sich an den Generalstaatsanwalt von Connecticut (Connecticut Attorney General) wenden.",
      es:
        "Puede recurrir esta decisión. Si su recurso es denegado, puede dirigirse al Fiscal General de Connecticut (Connecticut Attorney General)."
    }
  }
} as const satisfies Record<string, RegulationData>

interface RegulationData {
  readonly name: string
  readonly jurisdiction: string
  readonly holidays: ReadonlyArray<CalendarDate>
  readonly extension_notice: ReadonlyArray<NoticeItem>
  readonly refusal_notice: ReadonlyArray<NoticeItem>
  readonly remedies: Translations
}

type NonEmpty<A> = readonly [A, ...Array<A>]
type RegulationsData = typeof RegulationsCatalogue

export const regulationIds = Object.keys(RegulationsCatalogue) as unknown as NonEmpty<keyof RegulationsData>

export const RegulationId = Schema.Literal(...regulationIds).annotations({
  identifier: "RegulationId",
  description: "The regulation a right comes from; derived from the right.",
  message: () => ({ message: `must be one of ${regulationIds.join(", ")}`, override: true })
})
export type RegulationId = typeof RegulationId.Type

export const Regulation = Schema.Struct({
  id: RegulationId,
  name: Schema.String,
  jurisdiction: Schema.String.annotations({ description: "ISO 3166 code of where the law applies." }),
  holidays: Schema.Array(CalendarDate).annotations({
    description: "The days, besides weekends, that business-day deadlines of this regulation skip."
  }),
  extension_notice: Schema.Array(NoticeItem).annotations({
    description: "What the notice of an extension must tell the requester."
  }),
  refusal_notice: Schema.Array(NoticeItem).annotations({
    description: "What a refusal must tell the requester."
  }),
  remedies: Translations.annotations({ description: "The requester's remedies, as a refusal tells them." })
}).annotations({ identifier: "Regulation", description: "A privacy law, as the rights catalogue refers to it." })
export type Regulation = typeof Regulation.Type

export const regulation = (id: RegulationId): Regulation => ({ id, ...RegulationsCatalogue[id] })

export const regulations: ReadonlyArray<Regulation> = regulationIds.map(regulation)
