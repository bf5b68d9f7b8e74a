/**
 * Every character with a meaning in HTML text or a quoted attribute, as a numeric entity: the one
 * escaping of the link pages and of the emails' HTML parts.
 */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Markup already escaped (or written by us): `html` passes it as it is. */
export class Raw {
  constructor(readonly html: string) {}
}

/** `html\`...\`` with every interpolated value escaped; `Raw` values (already escaped) pass as they are. */
export const html = (
  strings: TemplateStringsArray,
  ...values: ReadonlyArray<string | Raw | ReadonlyArray<Raw>>
): Raw =>
  new Raw(
    strings.reduce((out, part, i) => {
      const value = values[i - 1]!
      const text = value instanceof Raw
        ? value.html
        : Array.isArray(value)
        ? value.map((raw) => raw.html).join("")
        : escapeHtml(value as string)
      return out + text + part
    })
  )
