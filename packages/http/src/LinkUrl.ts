/** Where the public link pages live: `/links/<token>`. */
export const LinkPagesPrefix = "/links/"

/** The page a link's token opens, under the server's public base URL. */
export const linkUrl = (publicBaseUrl: string, token: string) =>
  `${publicBaseUrl.replace(/\/+$/, "")}${LinkPagesPrefix}${token}`
