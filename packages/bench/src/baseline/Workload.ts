import { asksReceiptConfirmation, EmailField, regulationOf, responseDeadline, type UserRightId } from "@dsar/domain"
import Database from "better-sqlite3"
import { createHash, randomBytes } from "node:crypto"
import { join } from "node:path"

// The storage work of the bench's peers (the bare `node:http` server and the Fastify one): the
// reads and writes `dsar serve` does for the same routes on the same schema (the file
// `dsar migrate` made), with better-sqlite3 in WAL mode and foreign keys on, as the server's SQLite
// adapter configures its connection. What it leaves out, on purpose: the bearer token check (the
// organisation is given at start), request logging, and the outbox delivery worker. Each peer
// validates the body its own way before calling `create`.

const NESTED = new Set([
  "metadata",
  "extra_message_variables",
  "source",
  "validation",
  "request_fields",
  "erasure",
  "refusal"
])
/** The extensions the API answers only when they apply. */
const ABSENT_WHEN_NULL = new Set(["erasure", "refusal", "duplicate_of"])
/** Columns the stores keep for themselves, never part of a request: its version, the recipient searched by email. */
const INTERNAL = new Set(["version", "recipient"])

const id = (prefix: string) => `${prefix}_${randomBytes(13).toString("hex").slice(0, 26)}`

export interface CreateBody {
  readonly organization_user_id: string
  readonly user_right_id: UserRightId
  readonly status: string
  readonly request_fields?: ReadonlyArray<{ readonly field_id: string; readonly value: string }>
  readonly source: { readonly type: string; readonly country?: string }
  readonly user?: { readonly email?: string; readonly metadata?: object; readonly country?: string }
}

/**
 * The request a row holds, as JSON written from the stored text: scalar columns as JSON values,
 * nested columns as the JSON they hold; the extensions absent when null, as the API answers them.
 */
const requestJson = (row: Readonly<Record<string, unknown>>) => {
  let json = "{\"domain\":null"
  for (const key in row) {
    const value = row[key]
    if (INTERNAL.has(key) || (ABSENT_WHEN_NULL.has(key) && value === null)) continue
    json += `,"${key}":${NESTED.has(key) && value !== null ? value as string : JSON.stringify(value)}`
  }
  return `${json}}`
}

export interface Workload {
  /** The stored request's JSON, or undefined. */
  readonly getJson: (requestId: string) => string | undefined
  /** A page of the requests with a status, newest first, as JSON, and how many have it. */
  readonly listJson: (status: string, limit: number, skip: number) => { readonly json: string; readonly total: number }
  /** Writes what `dsar serve` writes for a created request, in one transaction; answers the request. */
  readonly create: (input: CreateBody) => object
  readonly close: () => void
}

/** Opens the database of a data directory `dsar serve` has run on, as its one organisation. */
export const openWorkload = (options: { readonly dataDir: string; readonly publicBaseUrl: string }): Workload => {
  const db = new Database(join(options.dataDir, "dsar.sqlite"))
  db.pragma("journal_mode = WAL")
  db.pragma("foreign_keys = ON")
  db.pragma("busy_timeout = 5000")
  const organizationId = (db.prepare("SELECT id FROM organizations").get() as { id: string }).id

  const selectRequest = db.prepare("SELECT * FROM requests WHERE organization_id = ? AND id = ?")
  const selectPage = db.prepare(
    "SELECT * FROM requests WHERE organization_id = ? AND status = ? ORDER BY created_at DESC, id ASC LIMIT ? OFFSET ?"
  )
  // The counts `dsar serve` keeps per status (migration 0003), summed as it sums them.
  const selectTotal = db.prepare(
    "SELECT CAST(coalesce(sum(n), 0) AS INTEGER) AS total FROM request_counts WHERE organization_id = ? AND status = ?"
  )
  const selectOrganization = db.prepare("SELECT default_redirect_url FROM organizations WHERE id = ?")
  const selectUser = db.prepare("SELECT id FROM users WHERE organization_id = ? AND organization_user_id = ?")
  const insertUser = db.prepare(
    `INSERT INTO users (id, organization_id, organization_user_id, email, metadata, country, created_at, updated_at)
     VALUES (@id, @organization_id, @organization_user_id, @email, @metadata, @country, @created_at, @updated_at)`
  )
  const insertRequest = db.prepare(
    `INSERT INTO requests (id, organization_id, organization_user_id, status, user_right_id, regulation_id, source_id,
       validation_id, created_at, updated_at, expires_at, metadata, extra_message_variables, source, validation, request_fields, recipient, version)
     VALUES (@id, @organization_id, @organization_user_id, @status, @user_right_id, @regulation_id, @source_id,
       @validation_id, @created_at, @updated_at, @expires_at, @metadata, @extra_message_variables, @source, @validation, @request_fields,
       @recipient, 1)`
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
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
  )

  const getJson = (requestId: string) => {
    const row = selectRequest.get(organizationId, requestId) as Record<string, unknown> | undefined
    return row === undefined ? undefined : requestJson(row)
  }

  const listJson = (status: string, limit: number, skip: number) => {
    const rows = selectPage.all(organizationId, status, limit, skip) as Array<Record<string, unknown>>
    const { total } = selectTotal.get(organizationId, status) as { total: number }
    return { json: `[${rows.map(requestJson).join(",")}]`, total }
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
    const approve_url = approval && `${options.publicBaseUrl}/links/${approval.token}`
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
      request_fields: JSON.stringify(request.request_fields),
      // The address searched by email, as the server's stores keep it.
      recipient: request.request_fields.find((field) => field.field_id === "email")?.value ?? null
    })
    insertHistory.run(
      id("hst"),
      organization_id,
      requestId,
      at,
      JSON.stringify({ type: "api_key", id: "peer" }),
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
        insertOutbox.run(id("msg"), organization_id, requestId, "approval", email, variables, at, at)
      }
    }
    // A request received verified is confirmed to the requester at once where its law asks for it.
    if (input.status === "verified" && email !== null && asksReceiptConfirmation(input.user_right_id)) {
      insertOutbox.run(id("msg"), organization_id, requestId, "receipt", email, "{}", at, at)
    }
    return request
  })

  return { getJson, listJson, create, close: () => db.close() }
}
