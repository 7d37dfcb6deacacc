import { afterAll, beforeAll, expect, it } from "vitest";
import { Presence, type Socket } from "phoenix";
import { startEndpoint, eventually, RawClient, type Running } from "./helpers.ts";
import { clientSocket, join } from "./phoenix-client.ts";

/** Presence as the official client's `Presence` helper sees it through channels. */
let running: Running;
const sockets: Socket[] = [];

beforeAll(async () => {
  running = await startEndpoint({ presence: { broadcastWindowMs: 50 } }, (endpoint) =>
    endpoint.channel("room:*", {
      join(_topic, payload, channel) {
        const user = (payload as { user?: string }).user;
        channel.pushPresenceState();
        if (user) channel.track(user, { online_at: 1 });
        return { ok: {} };
      },
    }),
  );
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await running.close();
});

function presenceOf(topic: string, user: string): { presence: Presence; keys: () => string[] } {
  const socket = clientSocket(running.url);
  sockets.push(socket);
  const channel = socket.channel(topic, { user });
  const presence = new Presence(channel);
  void join(channel);
  return { presence, keys: () => presence.list((key: string) => key).sort() };
}

it("syncs the official client's Presence on join and leave", async () => {
  const alice = presenceOf("room:p", "alice");
  const bob = presenceOf("room:p", "bob");
  await eventually(() => alice.keys().join() === "alice,bob" && bob.keys().join() === "alice,bob", 5000, "both see both");
  sockets[1]!.disconnect();
  await eventually(() => alice.keys().join() === "alice", 5000, "bob's leave reaches alice");
  expect(Object.keys(running.endpoint.presence!.list("room:p"))).toEqual(["alice"]);
});

it("batches a join storm into a handful of diffs per watcher", async () => {
  const watcher = await RawClient.connect(running.url);
  watcher.send(["1", "1", "room:storm", "phx_join", {}]);
  await watcher.waitFor((f) => Array.isArray(f) && f[1] === "1");
  const joiners: RawClient[] = [];
  for (let i = 0; i < 300; i++) {
    const c = await RawClient.connect(running.url);
    c.send(["1", "1", "room:storm", "phx_join", { user: `u${i}` }]);
    joiners.push(c);
  }
  await eventually(() => Object.keys(running.endpoint.presence!.list("room:storm")).length === 300, 10_000, "300 tracked");
  await new Promise((r) => setTimeout(r, 150));
  const diffs = watcher.json().filter((f) => Array.isArray(f) && f[3] === "presence_diff") as [
    unknown,
    unknown,
    string,
    string,
    { joins: object },
  ][];
  const joined = diffs.reduce((n, d) => n + Object.keys(d[4].joins).length, 0);
  expect(joined).toBe(300);
  // One diff per window while the storm lasts, not one per join.
  expect(diffs.length).toBeLessThan(60);
  for (const c of joiners) c.close();
  watcher.close();
});

it("sends diffs only to channels that asked for the list, and refuses lists of topics over maxListKeys", async () => {
  const big = await startEndpoint({ presence: { broadcastWindowMs: 50, maxListKeys: 3 } }, (endpoint) =>
    endpoint.channel("hall:*", {
      join(topic, payload, channel) {
        const { user, list } = payload as { user?: string; list?: boolean };
        if (user) channel.track(user, {});
        if (list && !channel.pushPresenceState()) channel.push("presence_count", { count: endpoint.presence!.count(topic) });
        return { ok: {} };
      },
    }),
  );
  const clients: RawClient[] = [];
  const joinHall = async (payload: object): Promise<RawClient> => {
    const client = await RawClient.connect(big.url);
    clients.push(client);
    client.send(["1", "1", "hall:a", "phx_join", payload]);
    await client.waitFor((f) => Array.isArray(f) && f[1] === "1");
    return client;
  };
  const events = (client: RawClient): string[] => client.json().map((f) => (f as unknown[])[3] as string);
  try {
    const watcher = await joinHall({ list: true });
    const members = [];
    for (let i = 0; i < 4; i++) members.push(await joinHall({ user: `m${i}` }));
    await eventually(() => big.endpoint.presence!.count("hall:a") === 4, 5000, "4 tracked");
    const late = await joinHall({ list: true });
    await late.waitFor((f) => Array.isArray(f) && f[3] === "presence_count");
    members.push(await joinHall({ user: "m4" }));
    await eventually(() => watcher.json().some((f) => JSON.stringify(f).includes('"m4"')), 5000, "m4 reaches the watcher");
    await new Promise((r) => setTimeout(r, 150));

    expect(events(watcher)).toContain("presence_state");
    expect(events(watcher)).toContain("presence_diff");
    // Members never asked for the list: no state, no diffs.
    for (const member of members) expect(events(member).filter((e) => e.startsWith("presence_"))).toEqual([]);
    // Too big to list: a count instead, and no diffs that could not be applied to anything.
    expect(events(late).filter((e) => e.startsWith("presence"))).toEqual(["presence_count"]);
    expect(late.json().find((f) => (f as unknown[])[3] === "presence_count")).toEqual([
      "1",
      null,
      "hall:a",
      "presence_count",
      { count: 4 },
    ]);
    expect(await big.endpoint.metrics.text()).toMatch(/^plenum_presence_lists_refused_total 1$/m);
  } finally {
    for (const client of clients) client.close();
    await big.close();
  }
});
