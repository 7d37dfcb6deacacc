// Three real bench-server processes (bench/server.ts, the engine with
// RedisPubSub and presence) on one Redis, driven over WebSockets like any
// client would: cross-node broadcast, presence convergence, node loss.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeProcess } from "../../../../bench/cluster/node-process.ts";
import { PhxClient } from "../../../../bench/cluster/phx-client.ts";
import { eventually } from "../pubsub/eventually.ts";
import { SHARED_REDIS_URL, testPrefix } from "../pubsub/redis-server.ts";

const MESSAGES = 500;
const USERS_PER_NODE = 2;
const NODE_LOSS_BOUND_MS = 5_000;

async function requireRedis(): Promise<void> {
  const probe = new Redis(SHARED_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new Error(`the cluster test needs Redis at ${SHARED_REDIS_URL}: ${String(error)}`);
  } finally {
    probe.disconnect();
  }
}

describe("engine cluster: 3 bench-server processes + Redis", () => {
  const started: NodeProcess[] = [];
  const clients: PhxClient[] = [];
  // Started once for all tests, awaited inside each test, so a missing Redis fails every test rather than skipping them.
  let cluster: Promise<NodeProcess[]>;

  const connect = async (node: NodeProcess, topic: string, payload: object): Promise<PhxClient> => {
    const client = await PhxClient.connect(node.url, { presence: true });
    clients.push(client);
    await client.join(topic, payload);
    return client;
  };

  beforeAll(() => {
    cluster = (async () => {
      await requireRedis();
      const prefix = testPrefix();
      const results = await Promise.allSettled(
        ["a", "b", "c"].map((name) => NodeProcess.start({ name, redisUrl: SHARED_REDIS_URL, prefix })),
      );
      for (const result of results) if (result.status === "fulfilled") started.push(result.value);
      const failure = results.find((result) => result.status === "rejected");
      if (failure) throw failure.reason;
      return started;
    })();
    cluster.catch(() => {});
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await cluster.catch(() => {});
    await Promise.all(started.map((node) => node.kill()));
  });

  it("a broadcast published on node A reaches sockets on A, B and C exactly once and in order", async () => {
    const nodes = await cluster;
    const topic = "room:stream";
    const subscribers = await Promise.all(nodes.flatMap((node) => [connect(node, topic, {}), connect(node, topic, {})]));
    const seqs = subscribers.map((client) => {
      const seen: number[] = [];
      client.onMessage((_topic, event, payload) => {
        const seq = (payload as { seq?: unknown }).seq;
        if (event === "msg" && typeof seq === "number") seen.push(seq);
      });
      return seen;
    });
    // A join is answered before its node's Redis SUBSCRIBE is confirmed; a
    // probe from A that every socket has seen proves the paths are open.
    const probed = new Set<PhxClient>();
    for (const client of subscribers)
      client.onMessage((_topic, event, payload) => event === "msg" && (payload as { probe?: unknown }).probe && probed.add(client));
    await eventually(
      () => {
        if (probed.size < subscribers.length) {
          subscribers[0]!.push(topic, "broadcast", { probe: true });
          throw new Error(`${probed.size}/${subscribers.length} sockets saw the probe`);
        }
      },
      10_000,
      100,
    );

    const response = await fetch(`http://127.0.0.1:${nodes[0]!.port}/bench/broadcast?topic=${topic}&n=${MESSAGES}`);
    expect(response.status).toBe(200);
    const expected = Array.from({ length: MESSAGES }, (_, i) => i);
    await eventually(() => {
      for (const seen of seqs) expect(seen.length).toBeGreaterThanOrEqual(MESSAGES);
    }, 10_000);
    // Room for a late duplicate to show up before judging "exactly once".
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const seen of seqs) expect(seen).toEqual(expected);
  }, 40_000);

  it("presence converges: every socket on every node lists all users of all nodes", async () => {
    const nodes = await cluster;
    const topic = "room:presence";
    const all = nodes.flatMap((node) => Array.from({ length: USERS_PER_NODE }, (_, i) => `${node.name}-user-${i}`)).sort();
    const members = await Promise.all(all.map((user) => connect(nodes.find((node) => user.startsWith(`${node.name}-`))!, topic, { user })));
    await eventually(() => {
      for (const member of members) expect(member.presenceKeys(topic).sort()).toEqual(all);
    }, 10_000);
  }, 20_000);

  it(`a SIGKILLed node's users leave every other node's sockets within ${NODE_LOSS_BOUND_MS} ms`, async () => {
    const nodes = await cluster;
    const topic = "room:loss";
    const users = nodes.map((node) => `${node.name}-user`);
    const members = await Promise.all(nodes.map((node, i) => connect(node, topic, { user: users[i] })));
    await eventually(() => {
      for (const member of members) expect(member.presenceKeys(topic).sort()).toEqual(users);
    }, 10_000);

    const killedAt = Date.now();
    await nodes[2]!.kill();
    const survivors = members.slice(0, 2);
    await eventually(
      () => {
        for (const member of survivors) expect(member.presenceKeys(topic).sort()).toEqual(users.slice(0, 2));
      },
      NODE_LOSS_BOUND_MS + 3_000,
      20,
    );
    expect(Date.now() - killedAt).toBeLessThanOrEqual(NODE_LOSS_BOUND_MS);
  }, 20_000);
});
