import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallbackResultError, type ChannelHandler, type TerminateReason } from "../../src/index.ts";
import { checkIn, checkJoin } from "../../src/channel/results.ts";
import { RawClient, eventually, startEndpoint, type Running } from "../helpers.ts";

/** The channel API an application uses, observed from raw clients. */
const terminated: { topic: string; reason: TerminateReason }[] = [];

const chat: ChannelHandler = {
  intercept: ["secret"],
  join(_topic, payload, channel) {
    channel.assigns["name"] = (payload as { name: string }).name;
    return { ok: {} };
  },
  handleIn(event, payload, channel) {
    if (event === "shout") channel.broadcastFrom("said", payload);
    if (event === "follow") channel.subscribe((payload as { topic: string }).topic);
    if (event === "remind") channel.send({ reminder: payload });
    return { noreply: true };
  },
  handleInfo(message, channel) {
    const relayed = "topic" in (message as object) ? { relayed: (message as { payload: unknown }).payload } : message;
    channel.push("info", relayed);
  },
  handleOut(_event, payload, channel) {
    // Each subscriber sees the secret only if it is addressed to them.
    const { to, text } = payload as { to: string; text: string };
    return to === channel.assigns["name"] ? { push: { text } } : { skip: true };
  },
  terminate(reason, channel) {
    terminated.push({ topic: channel.topic, reason });
  },
};

let running: Running;
beforeAll(async () => {
  running = await startEndpoint({}, (endpoint) => endpoint.channel("chat:*", chat));
});
afterAll(() => running.close());

async function member(topic: string, name: string): Promise<RawClient> {
  const client = await RawClient.connect(running.url);
  client.send(["1", "1", topic, "phx_join", { name }]);
  await client.waitFor((f) => Array.isArray(f) && f[1] === "1");
  return client;
}

const events = (client: RawClient, event: string) =>
  client
    .json()
    .filter((f) => Array.isArray(f) && f[3] === event)
    .map((f) => (f as unknown[])[4]);

describe("channel API", () => {
  it("broadcastFrom reaches everyone but the sender", async () => {
    const [ann, bob] = [await member("chat:a", "ann"), await member("chat:a", "bob")];
    ann.send(["1", "2", "chat:a", "shout", { hi: 1 }]);
    await bob.waitFor((f) => Array.isArray(f) && f[3] === "said");
    await new Promise((r) => setTimeout(r, 50));
    expect(events(ann, "said")).toEqual([]);
    ann.close();
    bob.close();
  });

  it("handleOut filters an intercepted event per subscriber", async () => {
    const [ann, bob] = [await member("chat:b", "ann"), await member("chat:b", "bob")];
    running.endpoint.broadcast("chat:b", "secret", { to: "bob", text: "psst" });
    running.endpoint.broadcast("chat:b", "after", {});
    await ann.waitFor((f) => Array.isArray(f) && f[3] === "after");
    await bob.waitFor((f) => Array.isArray(f) && f[3] === "after");
    expect(events(bob, "secret")).toEqual([{ text: "psst" }]);
    expect(events(ann, "secret")).toEqual([]);
    ann.close();
    bob.close();
  });

  it("routes subscribed topics and self-sent messages to handleInfo, in order", async () => {
    const ann = await member("chat:c", "ann");
    ann.send(["1", "2", "chat:c", "follow", { topic: "news" }]);
    ann.send(["1", "3", "chat:c", "remind", { n: 1 }]);
    await ann.waitFor((f) => Array.isArray(f) && f[3] === "info");
    running.endpoint.broadcast("news", "headline", { n: 2 });
    await eventually(() => events(ann, "info").length === 2, 5000, "two infos");
    expect(events(ann, "info")).toEqual([{ reminder: { n: 1 } }, { relayed: { n: 2 } }]);
    ann.close();
  });

  it("calls terminate with the reason: leave, socket closed", async () => {
    const ann = await member("chat:d", "ann");
    ann.send(["1", "2", "chat:d", "phx_leave", {}]);
    await eventually(() => terminated.some((t) => t.topic === "chat:d" && t.reason === "leave"), 5000, "leave");
    const bob = await member("chat:e", "bob");
    bob.close();
    await eventually(() => terminated.some((t) => t.topic === "chat:e" && t.reason === "closed"), 5000, "closed");
    ann.close();
  });
});

describe("callback results", () => {
  it("name the accepted shapes and what was received", () => {
    expect(() => checkJoin({ ok: true })).toThrow(CallbackResultError);
    expect(() => checkJoin("ok")).toThrow(/join must return one of:\n {2}\{ ok: object \}.*\n.*\{ error: object \}.*\ngot: 'ok'/s);
    expect(() => checkIn(undefined)).toThrow(/handleIn must return one of:[\s\S]*\{ noreply: true \}[\s\S]*got: undefined/);
    expect(checkIn({ noreply: true })).toEqual({ noreply: true });
    expect(checkJoin({ error: { reason: "x" } })).toEqual({ error: { reason: "x" } });
  });
});
