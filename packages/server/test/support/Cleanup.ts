import { afterAll } from "vitest"
import { removeTempDataDirs } from "./Process.js"

// A setup file: each test file removes the data directories it made once its tests are done, the
// servers spawned on them stopped by then.
afterAll(removeTempDataDirs)
