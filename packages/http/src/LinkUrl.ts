/** Where the public link pages live: `/links/<token>`. */
export const LinkPagesPrefix = "/links/"

/** The page a link's token opens, under the server's public base URL. */
export const linkUrl = (publicBaseUrl: string, token: string) =>
  `${publicBaseUrl.replace(/\/+$/, "")}${LinkPagesPrefix}${token}`

/**
 * The server's own thank-you page, under `LinkPagesPrefix` but no token (tokens are longer): where
 * a confirmed link lands when its organisation names no page of its own.
 */
export const DonePagePath = `${LinkPagesPrefix}done`

export const donePageUrl = (publicBaseUrl: string) => `${publicBaseUrl.replace(/\/+$/, "")}${DonePagePath}`
