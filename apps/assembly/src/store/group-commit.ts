import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema.ts";

interface Pending {
  readonly work: (trx: Transaction<Database>) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * Group commit for a single-writer database (SQLite): work submitted while a
 * transaction is in flight runs together in the next one, each item inside
 * its own savepoint. One WAL fsync then covers a whole batch, and an item
 * that throws rolls back only its own writes.
 *
 * Guarantee: a `run` promise settles only after the transaction holding its
 * work has committed (resolve) or failed (reject, for every item in it).
 * Items run in submission order, so later items see earlier items' writes.
 */
export class GroupCommit {
  readonly #db: Kysely<Database>;
  readonly #maxBatch: number;
  #queue: Pending[] = [];
  #draining: Promise<void> | undefined;

  constructor(db: Kysely<Database>, maxBatch = 256) {
    this.#db = db;
    this.#maxBatch = maxBatch;
  }

  run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  /** Resolves once everything submitted so far has settled. */
  async idle(): Promise<void> {
    while (this.#draining !== undefined) await this.#draining;
  }

  #schedule(): void {
    if (this.#draining !== undefined) return;
    this.#draining = this.#drain().finally(() => {
      this.#draining = undefined;
      // Work submitted between the last queue check and this callback would otherwise wait forever.
      if (this.#queue.length > 0) this.#schedule();
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      const outcomes: Outcome[] = [];
      try {
        await this.#db.transaction().execute(async (trx) => {
          for (const item of batch) outcomes.push(await runInSavepoint(trx, item.work));
        });
      } catch (error) {
        for (const item of batch) item.reject(error);
        continue;
      }
      for (const [index, item] of batch.entries()) {
        const outcome = outcomes[index] as Outcome;
        if (outcome.ok) item.resolve(outcome.value);
        else item.reject(outcome.error);
      }
    }
  }
}

async function runInSavepoint(trx: Transaction<Database>, work: Pending["work"]): Promise<Outcome> {
  await sql`savepoint group_item`.execute(trx);
  try {
    const value = await work(trx);
    await sql`release savepoint group_item`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    await sql`rollback to savepoint group_item`.execute(trx);
    await sql`release savepoint group_item`.execute(trx);
    return { ok: false, error };
  }
}
