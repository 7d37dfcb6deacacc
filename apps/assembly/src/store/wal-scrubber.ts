import { sql, type Kysely } from "kysely";
import type { Database, SqlDialectName } from "./schema.ts";

/**
 * Makes SQLite's files forget rows deleted to keep a secret. With
 * `secure_delete` on (see database.ts) a delete overwrites the rows with
 * zeros in their pages, but the WAL still holds the frames written before,
 * until a checkpoint copies the zeroed pages into the main file and
 * TRUNCATE empties the WAL. That has to wait for the deleting transaction to
 * commit, so the deleting code only `request`s it and whoever commits calls
 * `flush` afterwards. On PostgreSQL both are no-ops: its WAL and dead tuples
 * are the server's (see docs/security.md).
 */
export class WalScrubber {
  readonly #db: Kysely<Database>;
  readonly #active: boolean;
  #pending = false;

  constructor(db: Kysely<Database>, dialect: SqlDialectName) {
    this.#db = db;
    this.#active = dialect === "sqlite";
  }

  /** Inside the deleting transaction. */
  request(): void {
    if (this.#active) this.#pending = true;
  }

  /**
   * After a commit, outside any transaction. A reader in another process
   * that still needs old frames keeps the WAL from being emptied; the
   * request then stays pending for the next flush.
   */
  async flush(): Promise<void> {
    if (!this.#pending) return;
    this.#pending = false;
    const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(this.#db);
    if (rows[0]?.busy !== 0) this.#pending = true;
  }
}
