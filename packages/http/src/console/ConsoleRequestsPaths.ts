import type { RequestId } from "@dsar/domain"
import { queryString } from "../ListQuery.js"

/** Where the console's request pages live (decision 0021's paths). */
export const ConsoleRequestsPaths = {
  dashboard: "/console",
  list: "/console/requests",
  csv: "/console/requests.csv"
} as const

/** The list (or its CSV, `csv`) of the requests a filter in the API's query language asks for. */
export const listUrl = (filter: object, csv = false): string => {
  const search = queryString(filter)
  return `${csv ? ConsoleRequestsPaths.csv : ConsoleRequestsPaths.list}${search === "" ? "" : `?${search}`}`
}

/** A request's page, and the actions posted under it (`action`: `status`, `notes`, `extend`, ...). */
export const requestUrl = (id: RequestId, action?: string): string =>
  `${ConsoleRequestsPaths.list}/${encodeURIComponent(id)}${action === undefined ? "" : `/${action}`}`
