import { readFileSync } from "node:fs"

/** A process's resident memory now, from `/proc/<pid>/status` (Linux). */
export const rssMb = (pid: number) => {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))
  return match ? Number(match[1]) / 1024 : Number.NaN
}
