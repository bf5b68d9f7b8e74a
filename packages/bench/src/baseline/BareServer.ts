import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import { PREFIX, rights, statuses } from "./Peer.js"
import { type CreateBody, openWorkload } from "./Workload.js"

// The bare limit: `node:http` alone, the storage work of `Workload.ts`, the stored JSON sent as
// it is, and the body checked by hand (the fields `create` reads, nothing more).

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let body = ""
    request.setEncoding("utf8")
    request.on("data", (chunk: string) => (body += chunk))
    request.on("end", () => resolve(body))
    request.on("error", reject)
  })

const send = (response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) => {
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
    ...headers
  })
  response.end(text)
}

const isText = (value: unknown): value is string => typeof value === "string" && value.length > 0

const checked = (body: unknown): CreateBody | undefined => {
  if (typeof body !== "object" || body === null) return undefined
  const input = body as Record<string, unknown>
  const source = input.source as Record<string, unknown> | undefined
  const fields = input.request_fields
  const valid = isText(input.organization_user_id) && statuses.includes(input.status as string) &&
    rights.includes(input.user_right_id as string) && typeof source === "object" && source !== null &&
    source.type === "DSAR" &&
    (fields === undefined || (Array.isArray(fields) &&
      fields.every((field: Record<string, unknown>) => isText(field?.field_id) && typeof field.value === "string")))
  return valid ? input as unknown as CreateBody : undefined
}

export const startBareServer = (options: { readonly dataDir: string; readonly port: number }): Promise<Server> => {
  const work = openWorkload({ dataDir: options.dataDir, publicBaseUrl: `http://127.0.0.1:${options.port}` })
  const notFound = JSON.stringify({ message: "not found" })

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? ""
    const query = url.indexOf("?")
    const path = query < 0 ? url : url.slice(0, query)
    if (request.method === "GET" && path === PREFIX) {
      const params = new URLSearchParams(url.slice(query + 1))
      const limit = Number(params.get("$limit") ?? 10)
      const skip = Number(params.get("$skip") ?? 0)
      const status = params.get("status") ?? ""
      if (!statuses.includes(status) || !Number.isInteger(limit) || !Number.isInteger(skip)) {
        return send(response, 400, JSON.stringify({ message: "bad query" }))
      }
      const page = work.listJson(status, limit, skip)
      return send(response, 200, page.json, { "x-total-count": String(page.total) })
    }
    if (request.method === "GET" && path.startsWith(`${PREFIX}/`)) {
      const found = work.getJson(decodeURIComponent(path.slice(PREFIX.length + 1)))
      return found === undefined ? send(response, 404, notFound) : send(response, 200, found)
    }
    if (request.method === "POST" && path === PREFIX) {
      const input = checked(JSON.parse(await readBody(request)))
      return input === undefined
        ? send(response, 400, JSON.stringify({ message: "bad body" }))
        : send(response, 201, JSON.stringify(work.create(input)))
    }
    return send(response, 404, notFound)
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, JSON.stringify({ message: String(error) })))
  })
  server.on("close", () => work.close())
  return new Promise((resolve) => server.listen(options.port, "127.0.0.1", () => resolve(server)))
}
