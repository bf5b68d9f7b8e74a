/** How much a run measures: `--quick` trades precision for time, never a figure. */
export interface Plan {
  readonly quick: boolean
  /** Length of one measured load run. */
  readonly loadSeconds: number
  /** Load before the first measured run of a server, for its JIT and caches. */
  readonly warmupSeconds: number
  /** Measured runs of each server, taken in turns with the baseline's, the best of each kept. */
  readonly rounds: number
  /** Concurrent connections of the throughput and memory loads. */
  readonly connections: number
  /** Stored requests the GET and POST figures run on. */
  readonly crudRows: number
  /**
   * Stored requests the list endpoint is measured at, smallest first; the largest also serves the
   * RSS figure. Its latency is measured with one client at a time, so that the p99 is the
   * endpoint's own and not the wait in a queue of clients.
   */
  readonly listSizes: ReadonlyArray<number>
  /** Rounds and length of the list's one-client latency runs: more, shorter rounds give the best-of more quiet moments. */
  readonly latencyRounds: number
  readonly latencySeconds: number
  /** Stored requests the deep-page figures run on (the deepest page is 10,000 from the end). */
  readonly pageRows: number
  /** Transition checks per measurement of the table (the xstate machine gets fewer). */
  readonly transitionChecks: number
  /** Fresh processes each import-cost figure takes the median of. */
  readonly importRuns: number
  /** Starts of each server the start-up and idle memory figures take the median of. */
  readonly startRuns: number
}

export const planFor = (quick: boolean): Plan =>
  quick
    ? {
      quick,
      loadSeconds: 3,
      warmupSeconds: 2,
      rounds: 2,
      connections: 10,
      crudRows: 10_000,
      listSizes: [10_000, 100_000],
      latencyRounds: 3,
      latencySeconds: 2,
      pageRows: 100_000,
      transitionChecks: 10_000_000,
      importRuns: 3,
      startRuns: 1
    }
    : {
      quick,
      loadSeconds: 8,
      warmupSeconds: 3,
      rounds: 4,
      connections: 10,
      crudRows: 100_000,
      listSizes: [10_000, 100_000, 1_000_000],
      latencyRounds: 8,
      latencySeconds: 4,
      pageRows: 1_000_000,
      transitionChecks: 100_000_000,
      importRuns: 9,
      startRuns: 5
    }
