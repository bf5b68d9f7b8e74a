import Fastify from "fastify"
import { peerArgs, PREFIX, rights, statuses } from "./Peer.js"
import { type CreateBody, openWorkload } from "./Workload.js"

// The peer a Node team would write instead: Fastify 5 on the storage work of `Workload.ts`, each
// route's input validated by JSON schema (Fastify's Ajv), the stored JSON sent as it is. No
// logger, as no peer logs.

const text = (maxLength: number) => ({ type: "string", minLength: 1, maxLength })
const country = { type: "string", pattern: "^[A-Z]{2}$" }
const object = { type: "object" }

const createBody = {
  type: "object",
  additionalProperties: false,
  required: ["organization_user_id", "user_right_id", "status", "source"],
  properties: {
    organization_user_id: text(255),
    user_right_id: { enum: rights },
    status: { enum: statuses },
    request_fields: {
      type: "array",
      maxItems: 20,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["field_id", "value"],
        properties: { field_id: text(255), value: { type: "string", maxLength: 1000 } }
      }
    },
    user: {
      type: "object",
      additionalProperties: false,
      properties: {
        email: { type: "string", pattern: "^[^@\\s]+@[^@\\s]+$" },
        metadata: object,
        id: text(255),
        country
      }
    },
    source: {
      type: "object",
      additionalProperties: false,
      required: ["type"],
      properties: { type: { const: "DSAR" }, country }
    },
    metadata: object,
    extra_message_variables: object
  }
}

const listQuery = {
  type: "object",
  required: ["status"],
  properties: {
    status: { enum: statuses },
    $limit: { type: "integer", minimum: 0, maximum: 100, default: 10 },
    $skip: { type: "integer", minimum: 0, default: 0 }
  }
}

const { dataDir, port } = peerArgs(process.argv.slice(3))
const work = openWorkload({ dataDir, publicBaseUrl: `http://127.0.0.1:${port}` })
const app = Fastify({ logger: false })

app.get<{ Querystring: { status: string; $limit: number; $skip: number } }>(PREFIX, {
  schema: { querystring: listQuery }
}, (request, reply) => {
  const page = work.listJson(request.query.status, request.query.$limit, request.query.$skip)
  return reply.header("x-total-count", page.total).type("application/json").send(page.json)
})

app.get<{ Params: { id: string } }>(`${PREFIX}/:id`, {
  schema: { params: { type: "object", properties: { id: text(255) } } }
}, (request, reply) => {
  const found = work.getJson(request.params.id)
  return found === undefined
    ? reply.code(404).send({ message: "not found" })
    : reply.type("application/json").send(found)
})

app.post<{ Body: CreateBody }>(
  PREFIX,
  { schema: { body: createBody } },
  (request, reply) => reply.code(201).send(work.create(request.body))
)

await app.listen({ port, host: "127.0.0.1" })
process.stderr.write(`Listening on http://127.0.0.1:${port}\n`)
process.on("SIGTERM", () => {
  void app.close().then(() => {
    work.close()
    process.exit(0)
  })
})
