import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "phoenix";
import { eventually, RawClient, startEndpoint, type Running } from "../helpers.ts";
import { clientSocket, join, reply } from "../phoenix-client.ts";

/** Per-socket limits over real sockets: channels held at once, and the inbound message rate. */
let channelLimited: Running;
let rateLimited: Running;
/** The endpoint the current describe block talks to. */
let running: Running;
const clients: { close(): void }[] = [];

beforeAll(async () => {
  const setup = (endpoint: Running["endpoint"]) =>
    endpoint.channel("room:*", { join: () => ({ ok: {} }), handleIn: (_event, payload) => ({ ok: payload }) });
  channelLimited = await startEndpoint({ limits: { maxChannels: 3 } }, setup);
  rateLimited = await startEndpoint({ limits: { messagesPerSecond: 10, burst: 5, closeAfterRefused: 8 } }, setup);
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  await channelLimited.close();
  await rateLimited.close();
});

async function raw(): Promise<RawClient> {
  const client = await RawClient.connect(running.url);
  clients.push(client);
  return client;
}

const replyTo = (ref: string) => (frame: unknown) => Array.isArray(frame) && frame[1] === ref && frame[3] === "phx_reply";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("channel limit", () => {
  beforeAll(() => {
    running = channelLimited;
  });

  it("refuses a join past maxChannels with a reason, still takes a rejoin of a held topic, and counts the refusal", async () => {
    const client = await raw();
    for (const n of [1, 2, 3]) client.send([`${n}`, `${n}`, `room:${n}`, "phx_join", {}]);
    for (const n of [1, 2, 3])
      expect(await client.waitFor(replyTo(`${n}`))).toMatchObject([`${n}`, `${n}`, `room:${n}`, "phx_reply", { status: "ok" }]);
    client.send(["4", "4", "room:4", "phx_join", {}]);
    expect(await client.waitFor(replyTo("4"))).toEqual([
      "4",
      "4",
      "room:4",
      "phx_reply",
      { status: "error", response: { reason: "too many channels joined" } },
    ]);
    // A join of a topic already held replaces it: not one more channel.
    client.send(["5", "5", "room:1", "phx_join", {}]);
    expect(await client.waitFor(replyTo("5"))).toMatchObject(["5", "5", "room:1", "phx_reply", { status: "ok" }]);
    // Leaving frees a place.
    client.send(["2", "6", "room:2", "phx_leave", {}]);
    await client.waitFor(replyTo("6"));
    client.send(["7", "7", "room:4", "phx_join", {}]);
    expect(await client.waitFor(replyTo("7"))).toMatchObject(["7", "7", "room:4", "phx_reply", { status: "ok" }]);
    expect(await running.endpoint.metrics.text()).toMatch(/^plenum_limit_refusals_total\{limit="channels"\} 1$/m);
  });

  it("gives the official client the refusal as a join error", async () => {
    const socket = clientSocket(running.url);
    clients.push({ close: () => socket.disconnect() });
    for (const n of [1, 2, 3]) expect((await join(socket.channel(`room:o${n}`, {}))).status).toBe("ok");
    expect(await join(socket.channel("room:o4", {}))).toEqual({
      status: "error",
      response: { reason: "too many channels joined" },
    });
  });
});

describe("inbound rate limit", () => {
  beforeAll(() => {
    running = rateLimited;
  });

  it("answers a push past the burst with an error reply and handles the ones within it", async () => {
    const client = await raw();
    client.send(["1", "1", "room:r", "phx_join", {}]);
    await client.waitFor(replyTo("1"));
    // The join took one token of 5: four more pushes pass, the fifth is refused.
    for (let n = 2; n <= 6; n++) client.send(["1", `${n}`, "room:r", "ping", { n }]);
    for (let n = 2; n <= 5; n++)
      expect(await client.waitFor(replyTo(`${n}`))).toEqual(["1", `${n}`, "room:r", "phx_reply", { status: "ok", response: { n } }]);
    expect(await client.waitFor(replyTo("6"))).toEqual([
      "1",
      "6",
      "room:r",
      "phx_reply",
      { status: "error", response: { reason: "rate limited: too many messages, slow down" } },
    ]);
    expect(client.closed).toBeUndefined();
  });

  it("counts heartbeats too, and closes a socket that keeps flooding with 1008", async () => {
    const client = await raw();
    for (let n = 1; n <= 40 && !client.closed; n++) client.send([null, `${n}`, "phoenix", "heartbeat", {}]);
    expect(await client.waitClosed()).toEqual({ code: 1008, reason: "rate limit: too many messages" });
    const replies = client.json().filter((frame) => Array.isArray(frame) && frame[3] === "phx_reply") as unknown[][];
    expect(replies.slice(0, 5).map((frame) => (frame[4] as { status: string }).status)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect(replies.slice(5).every((frame) => (frame[4] as { status: string }).status === "error")).toBe(true);
    const metrics = await running.endpoint.metrics.text();
    expect(metrics).toMatch(/^plenum_rate_limit_closes_total [1-9]/m);
    expect(metrics).toMatch(/^plenum_limit_refusals_total\{limit="rate"\} [1-9]/m);
  });

  it("never closes a client that backs off after being refused", async () => {
    const client = await raw();
    for (let round = 0; round < 3; round++) {
      // 8 at once: 5 pass, 3 refused (9 in all would close it); then quiet until the burst is back (0.5 s at 10/s).
      for (let n = 1; n <= 8; n++) client.send([null, `${round}-${n}`, "phoenix", "heartbeat", {}]);
      await client.waitFor(replyTo(`${round}-8`));
      await sleep(600);
    }
    expect(client.closed).toBeUndefined();
  });

  it("reaches the official client as an error reply to its push", async () => {
    const socket: ClientSocket = clientSocket(running.url);
    clients.push({ close: () => socket.disconnect() });
    const channel = socket.channel("room:official", {});
    await join(channel);
    const answers = await Promise.all(Array.from({ length: 6 }, (_, n) => reply(channel.push("ping", { n }))));
    expect(answers.filter((a) => a.status === "ok")).toHaveLength(4);
    expect(answers.at(-1)).toEqual({ status: "error", response: { reason: "rate limited: too many messages, slow down" } });
    await eventually(() => socket.isConnected(), 1000, "still connected");
  });
});
