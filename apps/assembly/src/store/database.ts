import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, sql, type SqliteDatabase } from "kysely";
import pg from "pg";
import type { BallotSeal } from "./ballot-seal.ts";
import { migrationProvider } from "./migrations.ts";
import type { Database, SqlDialectName } from "./schema.ts";
import { QueuedSqliteDialect } from "./sqlite-connection-queue.ts";

export const defaultSqlitePath = "./data/plenum.sqlite";

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialectName;
}

const int8Oid = 20;
const numericOid = 1700;

/**
 * COUNT/SUM and bigint columns come back from pg as strings; every such value
 * here (counts, weights, epoch ms) is far below 2^53, so numbers are exact.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === int8Oid || oid === numericOid) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

function connectPostgres(databaseUrl: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl, types: pgTypes, max: 10 });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Kysely prepares every query afresh and better-sqlite3 compiles on each
 * prepare; the ballot path repeats a handful of statements, so keep the
 * compiled ones (least recently used evicted beyond `capacity`).
 */
function withStatementCache(database: SQLite.Database, capacity = 256): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        const oldest = cache.size >= capacity ? cache.keys().next().value : undefined;
        if (oldest !== undefined) cache.delete(oldest);
      } else {
        cache.delete(sql);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

/**
 * Only the owner may read the database: the directory Plenum creates is
 * 0700, the file 0600. SQLite creates the -wal and -shm files with the mode
 * of the main file, so the main file is created 0600 before SQLite opens it;
 * files left more open by an older version are narrowed.
 */
function restrictFiles(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, "a", 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file) && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  }
}

function connectSqlite(path: string): Kysely<Database> {
  if (path !== ":memory:") restrictFiles(path);
  const database = new SQLite(path);
  database.pragma("journal_mode = WAL");
  database.pragma("busy_timeout = 5000");
  database.pragma("foreign_keys = ON");
  // FULL fsyncs the WAL on every commit: an acknowledged ballot survives a power cut, not just a crash.
  database.pragma("synchronous = FULL");
  // Deleted rows are overwritten with zeros, not left in free space: closing a secret poll deletes its sealed ballots.
  database.pragma("secure_delete = ON");
  // Sorts and statement journals stay in memory instead of temporary files holding copies of rows.
  database.pragma("temp_store = MEMORY");
  return new Kysely<Database>({ dialect: new QueuedSqliteDialect({ database: withStatementCache(database) }) });
}

/**
 * Kysely runs PostgreSQL's pending migrations in one transaction, SQLite's in
 * none (it assumes no transactional DDL, which SQLite has): there they run
 * inside one BEGIN IMMEDIATE, so a migration and its bookkeeping commit
 * together or not at all. Then the WAL is emptied, as rows a migration deleted
 * may have held secrets (see WalScrubber).
 */
async function migrate(db: Kysely<Database>, dialect: SqlDialectName, seal: BallotSeal): Promise<void> {
  // Kysely looks for its bookkeeping tables in every schema it can see; pin them to
  // ours, or another schema's tables on the same server (a parallel run) would be taken for them.
  const schema =
    dialect === "postgres" ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db, provider: migrationProvider(dialect, seal), ...(schema ? { migrationTableSchema: schema } : {}) });
  if (dialect === "sqlite") await sql`begin immediate`.execute(db);
  const { error, results } = await migrator.migrateToLatest();
  if (dialect === "sqlite") await sql.raw(error === undefined ? "commit" : "rollback").execute(db);
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`database migration ${failed} failed`, { cause: error });
  }
  if (dialect === "sqlite" && (results?.length ?? 0) > 0) await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
}

/** Connects and brings the schema to the latest migration; the handle is unusable if migrating fails. */
export async function openDatabase(config: { databaseUrl?: string; sqlitePath?: string; ballotSeal: BallotSeal }): Promise<DatabaseHandle> {
  const isPostgres = config.databaseUrl !== undefined && /^postgres(ql)?:\/\//.test(config.databaseUrl);
  if (config.databaseUrl !== undefined && config.databaseUrl !== "" && !isPostgres) {
    throw new Error(`unsupported databaseUrl ${JSON.stringify(config.databaseUrl.split(":")[0])}: only postgres:// is supported`);
  }
  const dialect: SqlDialectName = isPostgres ? "postgres" : "sqlite";
  const db = isPostgres ? connectPostgres(config.databaseUrl as string) : connectSqlite(config.sqlitePath ?? defaultSqlitePath);
  try {
    await migrate(db, dialect, config.ballotSeal);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect };
}
