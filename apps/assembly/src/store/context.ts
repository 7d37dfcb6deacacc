import type { Kysely, Transaction } from "kysely";
import type { GroupCommit } from "./group-commit.ts";
import type { Database, SqlDialectName } from "./schema.ts";

/** What every repository function gets: the connection (or a transaction), the dialect and the clock. */
export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialectName;
  readonly now: () => number;
  /**
   * SQLite only: ballots are written through group commit (one fsync per
   * batch). PostgreSQL commits concurrent transactions in parallel instead.
   */
  readonly groupCommit: GroupCommit | undefined;
}

export type Executor = Kysely<Database> | Transaction<Database>;

/** Rows per multi-row INSERT: well under SQLite's 32766 and PostgreSQL's 65535 bound parameters. */
export const insertBatchRows = 500;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
