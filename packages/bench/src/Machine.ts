import { cpus, totalmem } from "node:os"

/** What the figures were measured on. */
export const describeMachine = () => {
  const cores = cpus()
  return {
    cores: cores.length,
    model: cores[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString()
  }
}
export type Machine = ReturnType<typeof describeMachine>
