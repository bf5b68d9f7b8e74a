import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

// The list endpoint's `X-Total-Count` counted every matching row per page, so its cost grew with
// the number of stored requests while the page itself reads a fixed few. So SQLite keeps the number of requests
// per organisation, status, right and regulation, by triggers in the same transaction as each
// change: a filter on those columns alone is summed from a handful of rows, within the statement's
// snapshot like the page. Other filters (user, date ranges) still count the matching rows.
//
// SQLite only: it has one writer at a time anyway, so the counter rows add no contention. On
// PostgreSQL every transaction creating a request of one organisation would hold the same counter
// row until it commits, serialising the writers of several servers; 0025 gives it counts of its
// own, in shards.
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql.onDialectOrElse({
    pg: () => Effect.void,
    orElse: () =>
      Effect.gen(function*() {
        yield* sql`
          CREATE TABLE request_counts (
            organization_id TEXT NOT NULL,
            status TEXT NOT NULL,
            user_right_id TEXT NOT NULL,
            regulation_id TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (organization_id, status, user_right_id, regulation_id)
          ) STRICT, WITHOUT ROWID`
        yield* sql`
          INSERT INTO request_counts (organization_id, status, user_right_id, regulation_id, n)
          SELECT organization_id, status, user_right_id, regulation_id, count(*) FROM requests
          GROUP BY organization_id, status, user_right_id, regulation_id`
        yield* sql`
          CREATE TRIGGER request_counts_insert AFTER INSERT ON requests BEGIN
            INSERT INTO request_counts (organization_id, status, user_right_id, regulation_id, n)
            VALUES (new.organization_id, new.status, new.user_right_id, new.regulation_id, 1)
            ON CONFLICT DO UPDATE SET n = n + 1;
          END`
        yield* sql`
          CREATE TRIGGER request_counts_delete AFTER DELETE ON requests BEGIN
            UPDATE request_counts SET n = n - 1
            WHERE organization_id = old.organization_id AND status = old.status
              AND user_right_id = old.user_right_id AND regulation_id = old.regulation_id;
          END`
        yield* sql`
          CREATE TRIGGER request_counts_update AFTER UPDATE OF organization_id, status, user_right_id, regulation_id ON requests
          WHEN old.organization_id IS NOT new.organization_id OR old.status IS NOT new.status
            OR old.user_right_id IS NOT new.user_right_id OR old.regulation_id IS NOT new.regulation_id
          BEGIN
            UPDATE request_counts SET n = n - 1
            WHERE organization_id = old.organization_id AND status = old.status
              AND user_right_id = old.user_right_id AND regulation_id = old.regulation_id;
            INSERT INTO request_counts (organization_id, status, user_right_id, regulation_id, n)
            VALUES (new.organization_id, new.status, new.user_right_id, new.regulation_id, 1)
            ON CONFLICT DO UPDATE SET n = n + 1;
          END`
      })
  })
})
