/**
 * The real assembly app in its own process, for benchmarks that read its
 * /proc figures. Env: PORT (0 = any), DATABASE_URL (PostgreSQL) or
 * SQLITE_PATH, LIVE_THROTTLE_MS; clustered: REDIS_URL, REDIS_PREFIX, NODE_ID
 * and BALLOT_SECRET (hex, the same on every node). Tells the runner its port over IPC, then
 * answers it (see server-protocol.ts): seeding an event through the store,
 * and tallying a poll from stored ballots (closing it first: a secret poll is
 * counted when it closes).
 */
import { randomBytes } from "node:crypto";
import { pino } from "pino";
import { startServer } from "../../apps/assembly/src/server.ts";
import { seedEvent } from "./lib/seed.ts";
import { serveIpc } from "./lib/ipc-child.ts";
import { BENCH_ADMIN, type ServerCommand } from "./lib/server-protocol.ts";

const env = process.env;
const logger = pino({ level: env["LOG_LEVEL"] ?? "warn", name: "assembly-bench" });
const server = await startServer({
  port: Number(env["PORT"] ?? 0),
  host: "127.0.0.1",
  ...(env["DATABASE_URL"] ? { databaseUrl: env["DATABASE_URL"] } : { sqlitePath: env["SQLITE_PATH"] ?? "bench/results/assembly.sqlite" }),
  // Each bench server (or cluster) gets a fresh database, so a fresh secret too.
  ballotSecret: env["BALLOT_SECRET"] ? Buffer.from(env["BALLOT_SECRET"], "hex") : randomBytes(32),
  ...(env["REDIS_URL"] ? { redisUrl: env["REDIS_URL"] } : {}),
  ...(env["REDIS_PREFIX"] ? { redisPrefix: env["REDIS_PREFIX"] } : {}),
  ...(env["NODE_ID"] ? { nodeId: env["NODE_ID"] } : {}),
  logger,
  bootstrapAdmin: BENCH_ADMIN,
  ...(env["LIVE_THROTTLE_MS"] ? { liveThrottleMs: Number(env["LIVE_THROTTLE_MS"]) } : {}),
});

async function answer(command: ServerCommand): Promise<unknown> {
  switch (command.kind) {
    case "seed":
      return seedEvent(server.store, { ...command.request, adminEmail: BENCH_ADMIN.email });
    case "tally": {
      if ((await server.store.polls.get(command.pollId)).status === "open") await server.store.polls.setStatus(command.pollId, "closed");
      const { tally } = await server.store.ballots.tally(command.pollId);
      return {
        turnout: tally.turnout.count,
        options: Object.fromEntries(tally.options.map((o) => [o.optionId, o.count])),
        abstentions: tally.abstentions.count,
      };
    }
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    // Live view renders still in flight when the store closes log "store is closed" by the
    // hundreds (reported to the app's owners); at the end of a run they only bury the tables.
    logger.level = "fatal";
    void server.close().finally(() => process.exit(0));
  });
}
serveIpc(answer, { port: server.port });
