import { Transactor } from "@dsar/http"
import { Effect, Layer } from "effect"
import { MemoryDatabase } from "./MemoryDatabase.js"

export const layer = Layer.effect(
  Transactor,
  Effect.map(MemoryDatabase, (db) => ({ withTransaction: db.withTransaction }))
)
