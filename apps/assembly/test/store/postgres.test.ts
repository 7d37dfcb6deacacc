import { openStore } from "../../src/store/open-store.ts";
import { freshSchema } from "./postgres-schema.ts";
import { defineStoreSuite } from "./store.suite.ts";

// A fresh schema per run keeps parallel runs apart; an unreachable server fails the suite.
defineStoreSuite(
  "PostgreSQL",
  async (clock, ballotSecret) => {
    const schema = await freshSchema();
    return {
      open: (secret = ballotSecret) => openStore({ databaseUrl: schema.databaseUrl, clock: clock.now, ballotSecret: secret }),
      raw: (query) => schema.query(query),
      destroy: () => schema.drop(),
    };
  },
  { concurrentStoresInProcess: true, systemColumns: true },
);
