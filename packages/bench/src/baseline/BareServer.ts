import { EmailField, regulationOf, responseDeadline, type UserRightId } from "@dsar/domain"
import Database from "better-sqlite3"
import { createHash, randomBytes } from "node:crypto"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import { join } from "node:path"

// The bare limit the server is measured against: `node:http` and better-sqlite3, no framework,
// doing the reads and writes `dsar serve` does for the same two routes on the same schema (the
// file `dsar migrate` made), in WAL mode with foreign keys on, as the server's SQLite adapter
// configures its connection. What it leaves out, on purpose: the bearer token check (its
// organisation is given at start), decoding and validating the body against the schemas (it
// trusts the fields it reads), request logging, and the outbox delivery worker.

const NESTED = ["metadata", "extra_message_variables", "source", "validation", "request_fields"] as const

const id = (prefix: string) => `${prefix}_${randomBytes(13).toString("hex").slice(0, 26)}`

interface CreateBody {
  readonly organization_user_id: string
  readonly user_right_id: UserRightId
  readonly status: string
  readonly request_fields?: ReadonlyArray<{ readonly field_id: string; readonly value: string }>
  readonly source: { readonly type: string; readonly country?: string }
  readonly user?: { readonly email?: string; readonly metadata?: object; readonly country?: string }
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let body = ""
    request.setEncoding("utf8")
    request.on("data", (chunk: string) => (body += chunk))
    request.on("end", () => resolve(body))
    request.on("error", reject)
  })

const send = (response: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body)
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
  response.end(text)
}

/** Serves the database of a data directory `dsar serve` has run on, as its one organisation. */
export const startBareServer = (options: { readonly dataDir: string; readonly port: number }): Promise<Server> => {
  const db = new Database(join(options.dataDir, "dsar.sqlite"))
  db.pragma("journal_mode = WAL")
  db.pragma("foreign_keys = ON")
  db.pragma("busy_timeout = 5000")
  const organizationId = (db.prepare("SELECT id FROM organizations").get() as { id: string }).id
  const publicBaseUrl = `http://127.0.0.1:${options.port}`

  const selectRequest = db.prepare("SELECT * FROM requests WHERE organization_id = ? AND id = ?")
  const selectOrganization = db.prepare("SELECT default_redirect_url FROM organizations WHERE id = ?")
  const selectUser = db.prepare("SELECT id FROM users WHERE organization_id = ? AND organization_user_id = ?")
  const insertUser = db.prepare(
    `INSERT INTO users (id, organization_id, organization_user_id, email, metadata, country, created_at, updated_at)
     VALUES (@id, @organization_id, @organization_user_id, @email, @metadata, @country, @created_at, @updated_at)`
  )
  const insertRequest = db.prepare(
    `INSERT INTO requests (id, organization_id, organization_user_id, status, user_right_id, regulation_id, source_id,
       validation_id, created_at, updated_at, expires_at, metadata, extra_message_variables, source, validation, request_fields, version)
     VALUES (@id, @organization_id, @organization_user_id, @status, @user_right_id, @regulation_id, @source_id,
       @validation_id, @created_at, @updated_at, @expires_at, @metadata, @extra_message_variables, @source, @validation, @request_fields, 1)`
  )
  const insertHistory = db.prepare(
    `INSERT INTO history (id, organization_id, request_id, at, actor, action, from_status, to_status, changes)
     VALUES (?, ?, ?, ?, ?, 'request.create', NULL, ?, ?)`
  )
  const insertLink = db.prepare(
    `INSERT INTO links (id, organization_id, request_id, target_status, action, redirect_url, lifetime, created_at, updated_at, expires_at, token_hash)
     VALUES (?, ?, ?, 'verified', 'request.update', ?, 900, ?, ?, ?, ?)`
  )
  const insertOutbox = db.prepare(
    `INSERT INTO outbox (id, organization_id, request_id, kind, recipient, variables, created_at, next_attempt_at)
     VALUES (?, ?, ?, 'approval', ?, ?, ?, ?)`
  )

  const get = (requestId: string) => {
    const row = selectRequest.get(organizationId, requestId) as Record<string, unknown> | undefined
    if (row === undefined) return undefined
    // `erasure` is absent from a request never erased, as the API answers it.
    const { erasure, version: _version, ...columns } = row
    if (erasure !== null) columns.erasure = JSON.parse(erasure as string)
    for (const column of NESTED) {
      columns[column] = columns[column] === null
        ? null
        : JSON.parse(columns[column] as string)
    }
    return { ...columns, domain: null }
  }

  const create = db.transaction((input: CreateBody) => {
    const organization_id = organizationId
    const now = new Date()
    const at = now.toISOString()
    const requestId = id("req")
    const email = input.request_fields?.find((field) => field.field_id === "email")?.value ?? input.user?.email ?? null
    const approval = input.status === "unverified"
      ? {
        token: randomBytes(32).toString("base64url"),
        linkId: id("lnk"),
        expires: new Date(now.getTime() + 900_000).toISOString()
      }
      : undefined
    const approve_url = approval && `${publicBaseUrl}/links/${approval.token}`
    const source = {
      id: id("src"),
      created_at: at,
      updated_at: at,
      type: input.source.type,
      key: null,
      deployment_id: null,
      country: input.source.country ?? null
    }
    const validation = approve_url === undefined
      ? null
      : { id: id("val"), created_at: at, updated_at: at, type: "email", approve_url }
    const request = {
      id: requestId,
      created_at: at,
      updated_at: at,
      organization_id,
      organization_user_id: input.organization_user_id,
      status: input.status,
      metadata: {},
      extra_message_variables: {},
      source_id: source.id,
      validation_id: validation?.id ?? null,
      user_right_id: input.user_right_id,
      regulation_id: regulationOf(input.user_right_id),
      expires_at: responseDeadline(input.user_right_id, now).toISOString(),
      domain: null,
      source,
      validation,
      request_fields: (input.request_fields ?? []).map((field) => ({
        id: id("rqf"),
        created_at: at,
        updated_at: at,
        request_id: requestId,
        field_id: field.field_id,
        value: field.value.trim().toLowerCase(),
        field: EmailField
      }))
    }
    const organization = selectOrganization.get(organization_id) as { default_redirect_url: string }
    if (selectUser.get(organization_id, input.organization_user_id) === undefined) {
      insertUser.run({
        id: id("usr"),
        organization_id,
        organization_user_id: input.organization_user_id,
        email: input.user?.email ?? null,
        metadata: JSON.stringify(input.user?.metadata ?? {}),
        country: input.user?.country ?? null,
        created_at: at,
        updated_at: at
      })
    }
    insertRequest.run({
      ...request,
      metadata: JSON.stringify(request.metadata),
      extra_message_variables: JSON.stringify(request.extra_message_variables),
      source: JSON.stringify(source),
      validation: validation && JSON.stringify(validation),
      request_fields: JSON.stringify(request.request_fields)
    })
    insertHistory.run(
      id("hst"),
      organization_id,
      requestId,
      at,
      JSON.stringify({ type: "api_key", id: "bare" }),
      input.status,
      JSON.stringify([{ field: "status", from: null, to: input.status }])
    )
    if (approval !== undefined && approve_url !== undefined) {
      const tokenHash = createHash("sha256").update(approval.token).digest("hex")
      insertLink.run(
        approval.linkId,
        organization_id,
        requestId,
        organization.default_redirect_url,
        at,
        at,
        approval.expires,
        tokenHash
      )
      if (email !== null) {
        const variables = JSON.stringify({ link_id: approval.linkId, url: approve_url, expires_at: approval.expires })
        insertOutbox.run(id("msg"), organization_id, requestId, email, variables, at, at)
      }
    }
    return request
  })

  const PREFIX = "/dsar/requests"
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "").split("?")[0]!
    if (request.method === "GET" && path.startsWith(`${PREFIX}/`)) {
      const found = get(decodeURIComponent(path.slice(PREFIX.length + 1)))
      return found === undefined ? send(response, 404, { message: "not found" }) : send(response, 200, found)
    }
    if (request.method === "POST" && path === PREFIX) {
      return send(response, 201, create(JSON.parse(await readBody(request)) as CreateBody))
    }
    return send(response, 404, { message: "not found" })
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { message: String(error) }))
  })
  server.on("close", () => db.close())
  return new Promise((resolve) => server.listen(options.port, "127.0.0.1", () => resolve(server)))
}
