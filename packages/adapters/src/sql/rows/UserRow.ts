import { User } from "@dsar/domain"
import { Schema } from "effect"

export const UserRow = Schema.Struct({
  ...User.fields,
  metadata: Schema.parseJson(User.fields.metadata)
})
