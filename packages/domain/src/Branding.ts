import { Schema } from "effect"

/** A colour as six hexadecimal digits after `#`, lower-cased, e.g. `#1d4ed8`. */
export const HexColor = Schema.Lowercase.pipe(
  Schema.compose(
    Schema.String.pipe(Schema.filter((value) => /^#[0-9a-f]{6}$/.test(value) || "must be a colour such as #1d4ed8"))
  )
).annotations({
  identifier: "HexColor",
  description: "A colour as `#` and six hexadecimal digits, e.g. `#1d4ed8`.",
  arbitrary: () => (fc) =>
    fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map((rgb) =>
      `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`
    )
})
export type HexColor = typeof HexColor.Type

const channel = (hex: string, at: number) => {
  const c = parseInt(hex.slice(at, at + 2), 16) / 255
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

/** WCAG 2 relative luminance, from 0 (black) to 1 (white). */
export const luminance = (color: HexColor): number =>
  0.2126 * channel(color, 1) + 0.7152 * channel(color, 3) + 0.0722 * channel(color, 5)

/** WCAG 2 contrast ratio of two colours, from 1 to 21. */
export const contrastRatio = (a: HexColor, b: HexColor): number => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

const Black = "#000000" as HexColor
const White = "#ffffff" as HexColor

/**
 * The text colour to write on `background`: black or white, whichever contrasts more, so an
 * organisation's colour never makes a button or a page unreadable (the better of the two is always
 * above 4.5:1, WCAG AA for text; a softer black would not be, for mid-grey backgrounds).
 */
export const textColorOn = (background: HexColor): HexColor =>
  contrastRatio(Black, background) >= contrastRatio(White, background) ? Black : White
