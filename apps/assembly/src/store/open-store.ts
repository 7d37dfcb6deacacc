import { BallotSeal } from "./ballot-seal.ts";
import { openDatabase } from "./database.ts";
import { MailTokenSeal } from "./mail-token-seal.ts";
import { SqlStore } from "./sql-store.ts";
import type { Store, StoreConfig } from "./store.ts";

/**
 * Opens the database named by `config` (PostgreSQL when `databaseUrl` is a
 * postgres:// URL, else SQLite at `sqlitePath`, default ./data/plenum.sqlite),
 * runs pending migrations, and returns the store. Rejects when the ballot
 * secret is too short, the database cannot be reached or a migration fails;
 * nothing stays open then.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  const ballotSeal = new BallotSeal(config.ballotSecret);
  const handle = await openDatabase({ ...config, ballotSeal });
  return new SqlStore(handle, config.clock ?? Date.now, ballotSeal, new MailTokenSeal(config.ballotSecret));
}
