/**
 * A link is `active` from its creation until `expires_at` (excluded), then `expired`; confirming
 * it makes it `used`, for good. Time is always an input.
 */
export type LinkState = "active" | "used" | "expired"

export interface LinkClock {
  readonly expires_at: Date
  readonly used_at: Date | null
}

export const linkExpiresAt = (createdAt: Date, lifetimeSeconds: number): Date =>
  new Date(createdAt.getTime() + lifetimeSeconds * 1000)

export const linkState = (link: LinkClock, now: Date): LinkState =>
  link.used_at !== null ? "used" : now.getTime() >= link.expires_at.getTime() ? "expired" : "active"
