import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from "kysely";
import pg from "pg";
import { migrationProvider } from "./migrations.ts";
import type { Database, SqlDialectName } from "./schema.ts";

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

function connectSqlite(path: string): Kysely<Database> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  database.pragma("journal_mode = WAL");
  database.pragma("busy_timeout = 5000");
  database.pragma("foreign_keys = ON");
  // FULL fsyncs the WAL on every commit: an acknowledged ballot survives a power cut, not just a crash.
  database.pragma("synchronous = FULL");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
}

/** Connects and brings the schema to the latest migration; the handle is unusable if migrating fails. */
export async function openDatabase(config: { databaseUrl?: string; sqlitePath?: string }): Promise<DatabaseHandle> {
  const isPostgres = config.databaseUrl !== undefined && /^postgres(ql)?:\/\//.test(config.databaseUrl);
  if (config.databaseUrl !== undefined && config.databaseUrl !== "" && !isPostgres) {
    throw new Error(`unsupported databaseUrl ${JSON.stringify(config.databaseUrl.split(":")[0])}: only postgres:// is supported`);
  }
  const dialect: SqlDialectName = isPostgres ? "postgres" : "sqlite";
  const db = isPostgres ? connectPostgres(config.databaseUrl as string) : connectSqlite(config.sqlitePath ?? defaultSqlitePath);
  // Kysely looks for its bookkeeping tables in every schema it can see; pin them to
  // ours, or another schema's tables on the same server (a parallel run) would be taken for them.
  const schema = isPostgres ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db, provider: migrationProvider(dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    await db.destroy();
    const failed = results?.find((result) => result.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`database migration ${failed} failed`, { cause: error });
  }
  return { db, dialect };
}
