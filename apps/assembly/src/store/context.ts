import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, SqlDialectName } from "./schema.ts";
import type { BallotSeal } from "./ballot-seal.ts";
import type { FinalTallies } from "./final-tallies.ts";
import type { MailTokenSeal } from "./mail-token-seal.ts";
import type { VisiblePolls } from "./visible-polls.ts";
import type { WalScrubber } from "./wal-scrubber.ts";

/** What every repository function gets: the connection (or a transaction), the dialect, the clock and the store's helpers. */
export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialectName;
  readonly now: () => number;
  /** Store-wide caches, shared by its transactions: what they hold never changes once cached. */
  readonly finalTallies: FinalTallies;
  readonly visiblePolls: VisiblePolls;
  /** Seals the choices of secret polls while they are open. */
  readonly ballotSeal: BallotSeal;
  /** Seals the links of queued invitation mail. */
  readonly mailSeal: MailTokenSeal;
  readonly scrubber: WalScrubber;
}

export type Executor = Kysely<Database> | Transaction<Database>;

/** Rows per multi-row INSERT: well under SQLite's 32766 and PostgreSQL's 65535 bound parameters. */
export const insertBatchRows = 500;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * Runs `work` in a transaction of its own, or inline in the one `ctx` is
 * already bound to (see `Store.transaction`): Kysely cannot nest them, and
 * inside an enclosing transaction the enclosing one decides what commits.
 * Whoever commits flushes the scrubber.
 */
export async function transact<T>(ctx: StoreContext, work: (trx: Executor) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return work(ctx.db);
  const result = await ctx.db.transaction().execute(work);
  await ctx.scrubber.flush();
  return result;
}

/**
 * A transaction that writes after reading. SQLite starts it with BEGIN
 * IMMEDIATE: a deferred one that reads first cannot upgrade to a writer when
 * another process wrote meanwhile (SQLITE_BUSY without waiting), while an
 * immediate one waits its turn under busy_timeout.
 */
export async function writeTransaction<T>(ctx: StoreContext, work: (trx: Executor) => Promise<T>): Promise<T> {
  if (ctx.dialect === "postgres") return ctx.db.transaction().execute(work);
  return ctx.db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}
