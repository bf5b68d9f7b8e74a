/** Every character with a meaning in HTML text or a quoted attribute, as a numeric entity. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
