import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { allRoutes } from "../../src/api/routes/all.ts";
import { buildApp } from "../../src/http/app.ts";
import { adminAccountEffects, adminEffects, participantEffects, withoutLiveEffect } from "../../src/live/http-changes.ts";
import { openStore } from "../../src/store/open-store.ts";
import type { Store } from "../../src/store/store.ts";

/**
 * Every write route of the API must say what it changes live (or why
 * nothing): a route added without a line in http-changes.ts fails here
 * instead of leaving chairs and phones with stale views.
 */
let store: Store;
let app: FastifyInstance;
beforeAll(async () => {
  store = await openStore({ sqlitePath: ":memory:", ballotSecret: randomBytes(32) });
  app = await buildApp({ store });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
});

/** Route patterns with methods, from Fastify's route tree printout (`├── /segment (GET, POST)`). */
function routes(tree: string): { path: string; methods: string[] }[] {
  const stack: string[] = [];
  const found: { path: string; methods: string[] }[] = [];
  for (const line of tree.split("\n")) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    if (match[3]) found.push({ path: stack.join("").replace(/\/+/g, "/"), methods: match[3].split(", ") });
  }
  return found;
}

it("maps every write route to its live effect or a reason it has none", () => {
  const writes = routes(app.printRoutes({ commonPrefix: false }))
    .filter((r) => r.methods.some((m) => !["GET", "HEAD", "OPTIONS"].includes(m)))
    .map((r) => r.path);
  expect(writes.length).toBeGreaterThan(20);
  // Routes served through commands return their effects; the compiler holds them to it.
  const viaCommands = Object.values(allRoutes).map((spec) => spec.path);
  const accounted = new Set([
    ...Object.keys(adminEffects),
    ...Object.keys(adminAccountEffects),
    ...Object.keys(participantEffects),
    ...Object.keys(withoutLiveEffect),
    ...viaCommands,
  ]);
  expect(writes.filter((path) => !accounted.has(path))).toEqual([]);
  // And no stale lines for routes that no longer exist.
  expect([...accounted].filter((path) => !writes.includes(path) && !viaCommands.includes(path))).toEqual([]);
});
