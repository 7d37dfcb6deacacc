import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { openStore } from "../../src/store/open-store.ts";
import { defineStoreSuite } from "./store.suite.ts";

defineStoreSuite(
  "SQLite",
  async (clock, ballotSecret) => {
    const dir = mkdtempSync(join(tmpdir(), "plenum-store-"));
    const sqlitePath = join(dir, "plenum.sqlite");
    return {
      open: (secret = ballotSecret) => openStore({ sqlitePath, clock: clock.now, ballotSecret: secret }),
      async raw(query) {
        const db = new SQLite(sqlitePath, { readonly: true });
        try {
          return db.prepare(query).all() as Record<string, unknown>[];
        } finally {
          db.close();
        }
      },
      file: sqlitePath,
      async destroy() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  { concurrentStoresInProcess: false, databaseFiles: true },
);
