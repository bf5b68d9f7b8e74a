import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// Issue 18: on PostgreSQL every list page counted its matches for `X-Total-Count`, so a page's
// cost grew with the stored requests (a status filter at 100,000 stored counted 16,667 index
// entries per page). PostgreSQL now keeps the counts SQLite keeps (0003), in the same transaction
// as each change, and the store sums them the same way.
//
// Unlike SQLite, several servers write at once: one counter row per organisation, status, right
// and regulation would be held by every creating transaction until it commits, serialising them.
// So each row is split into shards and a transaction writes the shard of its connection (its
// backend's process id), which no other open connection shares as a rule; a read sums the shards.
// A statement's changes go in one upsert in key order, so two transactions of one statement each
// (a create, a transition) that do share a shard wait for each other instead of deadlocking.

const Key = "organization_id, status, user_right_id, regulation_id"

// The rows a statement added and removed, each with its sign (a transition table holds only the
// rows of its own trigger's event, so each event names only the tables it has).
const added = `SELECT ${Key}, 1 AS d FROM new_rows`
const removed = `SELECT ${Key}, -1 AS d FROM old_rows`

/** Adds the changes to the connection's shard of each counter row, in key order. */
const upsert = (changes: string) =>
  `INSERT INTO request_counts AS c
   SELECT ${Key}, own_shard, sum(d) FROM (${changes}) AS change
   GROUP BY ${Key} HAVING sum(d) <> 0 ORDER BY ${Key}
   ON CONFLICT (${Key}, shard) DO UPDATE SET n = c.n + excluded.n;`

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql.onDialectOrElse({
    pg: () =>
      Effect.gen(function*() {
        yield* sql`
          CREATE TABLE request_counts (
            organization_id TEXT NOT NULL,
            status TEXT NOT NULL,
            user_right_id TEXT NOT NULL,
            regulation_id TEXT NOT NULL,
            shard SMALLINT NOT NULL,
            n BIGINT NOT NULL,
            PRIMARY KEY (organization_id, status, user_right_id, regulation_id, shard)
          )`
        yield* sql`LOCK TABLE requests IN SHARE ROW EXCLUSIVE MODE`
        yield* sql.unsafe(
          `INSERT INTO request_counts (${Key}, shard, n) SELECT ${Key}, 0, count(*) FROM requests GROUP BY ${Key}`
        )
        // Statement triggers over transition tables: a statement changing many requests (an import,
        // a sweep) writes each counter row once, where a row trigger would update the same row once
        // per request, each update slower than the last within one transaction.
        yield* sql.unsafe(`
          CREATE FUNCTION request_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
          DECLARE
            own_shard SMALLINT := pg_backend_pid() % 64;
          BEGIN
            IF TG_OP = 'INSERT' THEN
              ${upsert(added)}
            ELSIF TG_OP = 'DELETE' THEN
              ${upsert(removed)}
            ELSE
              ${upsert(`${removed} UNION ALL ${added}`)}
            END IF;
            RETURN NULL;
          END
          $$`)
        yield* sql`
          CREATE TRIGGER request_counts_insert AFTER INSERT ON requests
          REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION request_counts_change()`
        yield* sql`
          CREATE TRIGGER request_counts_delete AFTER DELETE ON requests
          REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION request_counts_change()`
        // A trigger with transition tables takes no column list, so every update runs it; one that
        // leaves the counted columns alone sums to nothing and writes no counter row.
        yield* sql`
          CREATE TRIGGER request_counts_update AFTER UPDATE ON requests
          REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION request_counts_change()`
      }),
    orElse: () => Effect.void
  })
})
