import { randomBytes } from "node:crypto";
import pg from "pg";

export const postgresServerUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface FreshSchema {
  /** Connects to the schema only (through search_path). */
  readonly databaseUrl: string;
  /** Runs SQL in the schema on a connection of its own. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Drops the schema with everything in it; then the connection closes. */
  drop(): Promise<void>;
}

/**
 * A schema of its own on the test server, so parallel runs never meet. An
 * unreachable server is an error, under CI and locally alike, never a skip.
 */
export async function freshSchema(): Promise<FreshSchema> {
  const schema = `plenum_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresServerUrl });
  await admin.connect().catch((error: unknown) => {
    throw new Error(`this suite needs PostgreSQL at ${postgresServerUrl}`, { cause: error });
  });
  await admin.query(`create schema ${schema}`);
  await admin.query(`set search_path to ${schema}`);
  // One connection runs one query at a time: callers that overlap wait their turn.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    databaseUrl: `${postgresServerUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    query(sql) {
      const rows = queue.then(async () => (await admin.query(sql)).rows as Record<string, unknown>[]);
      queue = rows.catch(() => undefined);
      return rows;
    },
    async drop() {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}
