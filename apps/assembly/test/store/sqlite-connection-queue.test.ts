import SQLite from "better-sqlite3";
import { Kysely, sql } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import { QueuedSqliteDialect } from "../../src/store/sqlite-connection-queue.ts";

let db: Kysely<Record<string, never>>;
beforeEach(() => {
  db = new Kysely({ dialect: new QueuedSqliteDialect({ database: new SQLite(":memory:") }) });
});
afterEach(async () => {
  await db.destroy();
});

it("hands the one connection to thousands of waiting queries, each answered, in the order they asked", async () => {
  await sql`create table log (n integer)`.execute(db);
  const asked = Array.from({ length: 3_000 }, (_, n) => sql`insert into log (n) values (${n})`.execute(db));
  await Promise.all(asked);
  const { rows } = await sql<{ n: number }>`select n from log order by rowid`.execute(db);
  expect(rows.map((row) => row.n)).toEqual(Array.from({ length: 3_000 }, (_, n) => n));
});

it("passes the connection on after a failed query and a rolled back transaction", async () => {
  await sql`create table t (n integer primary key)`.execute(db);
  const failed = sql`insert into nowhere values (1)`.execute(db);
  const rolledBack = db.transaction().execute(async (trx) => {
    await sql`insert into t (n) values (1)`.execute(trx);
    throw new Error("undo");
  });
  const after = sql<{ count: number }>`select count(*) as count from t`.execute(db);
  await expect(failed).rejects.toThrow(/no such table/);
  await expect(rolledBack).rejects.toThrow("undo");
  expect((await after).rows[0]?.count).toBe(0);
});
