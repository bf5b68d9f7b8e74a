// Preloaded into a `dsar serve` under test (with --expose-gc), so that the test can ask for a full
// garbage collection before it reads the process's memory: without one, what the resident set holds
// depends on where the collector happens to be in its cycle, not on what the server keeps.
process.on("SIGUSR2", () => globalThis.gc())
