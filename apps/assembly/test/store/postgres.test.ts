import { randomBytes } from "node:crypto";
import pg from "pg";
import { openStore } from "../../src/store/open-store.ts";
import { defineStoreSuite } from "./store.suite.ts";

const serverUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

// A fresh schema per run (selected through search_path) keeps parallel runs apart;
// an unreachable server fails the suite, under CI and locally alike.
defineStoreSuite(
  "PostgreSQL",
  async (clock, ballotSecret) => {
    const schema = `plenum_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect().catch((error: unknown) => {
      throw new Error(`this suite needs PostgreSQL at ${serverUrl}`, { cause: error });
    });
    await admin.query(`create schema ${schema}`);
    await admin.query(`set search_path to ${schema}`);
    const databaseUrl = `${serverUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    return {
      open: (secret = ballotSecret) => openStore({ databaseUrl, clock: clock.now, ballotSecret: secret }),
      async raw(query) {
        return (await admin.query(query)).rows as Record<string, unknown>[];
      },
      async destroy() {
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      },
    };
  },
  { concurrentStoresInProcess: true, systemColumns: true },
);
