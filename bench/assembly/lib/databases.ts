import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export type DatabaseKind = "sqlite" | "postgres";

/** A fresh, empty database for one bench server: the env that points app-server.ts at it, and its removal. */
export interface BenchDatabase {
  readonly kind: DatabaseKind;
  readonly env: Record<string, string>;
  destroy(): Promise<void>;
}

const POSTGRES_URL = process.env["BENCH_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";

/**
 * SQLite: a new file in a temp directory. PostgreSQL: a new schema selected
 * through search_path (as the store tests do), dropped by `destroy`, named
 * `<label>_<random>` so a leftover says which bench left it.
 */
export async function freshDatabase(kind: DatabaseKind, label = "plenum_bench"): Promise<BenchDatabase> {
  if (kind === "sqlite") {
    const dir = await mkdtemp(join(tmpdir(), "plenum-bench-"));
    return { kind, env: { SQLITE_PATH: join(dir, "assembly.sqlite") }, destroy: () => rm(dir, { recursive: true, force: true }) };
  }
  const schema = `${label}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  let destroyed = false;
  return {
    kind,
    env: { DATABASE_URL: `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}` },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}
