import type { Store, StoreConfig } from "./store.ts";

/**
 * Opens the database named by `config` (PostgreSQL when `databaseUrl` is a
 * postgres:// URL, else SQLite), runs pending migrations, and returns the store.
 */
export async function openStore(config: StoreConfig = {}): Promise<Store> {
  void config;
  throw new Error("openStore: not implemented yet");
}
