import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallbackResultError, type ChannelHandler, type TerminateReason } from "../../src/index.ts";
import { checkIn, checkInfo } from "../../src/channel/results.ts";
import { RawClient, eventually, startEndpoint, type Running } from "../helpers.ts";
import { clientSocket, join, reply } from "../phoenix-client.ts";

/** A handler ending its own channel with `{ stop: reason }` (Phoenix's `{:stop, reason, socket}`), with typed assigns. */
interface GameAssigns {
  player: string;
  moves: number;
}

const terminated: { topic: string; reason: TerminateReason; player: string }[] = [];
let joins = 0;

const game: ChannelHandler<GameAssigns> = {
  join(_topic, payload, channel) {
    joins++;
    channel.assigns.player = (payload as { player?: string }).player ?? "anonymous";
    channel.assigns.moves = 0;
    return { ok: {} };
  },
  handleIn(event, _payload, channel) {
    channel.assigns.moves++;
    if (event === "quit") return { stop: "normal" };
    if (event === "corrupt") return { stop: "bad_state" };
    if (event === "resign") return { stop: "shutdown:resigned", reply: { ok: { moves: channel.assigns.moves } } };
    if (event === "later") channel.send("time_up");
    if (event === "odd") channel.send("odd");
    if (event === "move") return { ok: { moves: channel.assigns.moves } };
    return { noreply: true };
  },
  handleInfo(message) {
    if (message === "time_up") return { stop: "shutdown" };
    if (message === "odd") return 42 as never;
    return undefined;
  },
  terminate(reason, channel) {
    terminated.push({ topic: channel.topic, reason, player: channel.assigns.player });
  },
};

let running: Running;
beforeAll(async () => {
  running = await startEndpoint({}, (endpoint) => endpoint.channel("game:*", game));
});
afterAll(() => running.close());

async function player(topic: string): Promise<RawClient> {
  const client = await RawClient.connect(running.url);
  client.send(["j1", "1", topic, "phx_join", { player: "ann" }]);
  await client.waitFor((f) => Array.isArray(f) && f[1] === "1");
  return client;
}

const lifecycle = (client: RawClient, topic: string) =>
  client.waitFor((f) => Array.isArray(f) && f[2] === topic && (f[3] === "phx_close" || f[3] === "phx_error"), "phx_close or phx_error");

describe("{ stop: reason }", () => {
  it("a normal reason from handleIn closes the channel: phx_close, terminate with the reason, the topic is gone", async () => {
    const client = await player("game:1");
    client.send(["j1", "2", "game:1", "quit", {}]);
    expect(await lifecycle(client, "game:1")).toEqual(["j1", "j1", "game:1", "phx_close", {}]);
    await eventually(() => terminated.some((t) => t.topic === "game:1"), 5000, "terminate");
    expect(terminated.find((t) => t.topic === "game:1")).toEqual({ topic: "game:1", reason: { stop: "normal" }, player: "ann" });
    client.send(["j1", "3", "game:1", "move", {}]);
    expect(await client.waitFor((f) => Array.isArray(f) && f[1] === "3")).toEqual([
      "j1",
      "3",
      "game:1",
      "phx_reply",
      { status: "error", response: { reason: "unmatched topic" } },
    ]);
    client.close();
  });

  it("any other reason is abnormal: phx_error, as after a crash, and terminate still runs", async () => {
    const client = await player("game:2");
    client.send(["j1", "2", "game:2", "corrupt", {}]);
    expect(await lifecycle(client, "game:2")).toEqual(["j1", "j1", "game:2", "phx_error", {}]);
    await eventually(() => terminated.some((t) => t.topic === "game:2"), 5000, "terminate");
    expect(terminated.find((t) => t.topic === "game:2")?.reason).toEqual({ stop: "bad_state" });
    client.close();
  });

  it("replies to the push first when asked, then closes", async () => {
    const client = await player("game:3");
    client.send(["j1", "2", "game:3", "move", {}]);
    client.send(["j1", "3", "game:3", "resign", {}]);
    await lifecycle(client, "game:3");
    const frames = client.json().filter((f) => Array.isArray(f) && f[2] === "game:3" && f[1] !== "1" && f[1] !== "2");
    expect(frames).toEqual([
      ["j1", "3", "game:3", "phx_reply", { status: "ok", response: { moves: 2 } }],
      ["j1", "j1", "game:3", "phx_close", {}],
    ]);
    client.close();
  });

  it("handleInfo may stop the channel too; a wrong shape from it crashes the channel", async () => {
    const client = await player("game:4");
    client.send(["j1", "2", "game:4", "later", {}]);
    expect(await lifecycle(client, "game:4")).toEqual(["j1", "j1", "game:4", "phx_close", {}]);
    await eventually(() => terminated.some((t) => t.topic === "game:4"), 5000, "terminate");
    expect(terminated.find((t) => t.topic === "game:4")?.reason).toEqual({ stop: "shutdown" });
    const other = await player("game:5");
    other.send(["j1", "2", "game:5", "odd", {}]);
    expect(await lifecycle(other, "game:5")).toEqual(["j1", "j1", "game:5", "phx_error", {}]);
    expect(terminated.find((t) => t.topic === "game:5")?.reason).toBe("error");
    client.close();
    other.close();
  });

  it("the official client sees a normal stop as a close (no rejoin) and an abnormal one as an error (it rejoins)", async () => {
    const socket = clientSocket(running.url);
    try {
      const quitting = socket.channel("game:6", { player: "bob" });
      let closed = 0;
      quitting.onClose(() => void closed++);
      await join(quitting);
      quitting.push("quit", {});
      await eventually(() => closed === 1, 5000, "onClose");
      const before = joins;
      const crashing = socket.channel("game:7", { player: "bob" });
      let errors = 0;
      crashing.onError(() => void errors++);
      await join(crashing);
      crashing.push("corrupt", {});
      await eventually(() => errors === 1 && joins === before + 2, 5000, "onError, then a rejoin");
      expect(await reply(crashing.push("move", {}))).toEqual({ status: "ok", response: { moves: 1 } });
    } finally {
      socket.disconnect();
    }
  });
});

describe("stop shapes", () => {
  it("are accepted from handleIn and handleInfo, and listed when a callback returns something else", () => {
    expect(checkIn({ stop: "normal" })).toEqual({ stop: "normal" });
    expect(checkIn({ stop: "x", reply: { error: { why: 1 } } })).toEqual({ stop: "x", reply: { error: { why: 1 } } });
    expect(checkInfo(undefined)).toBeUndefined();
    expect(checkInfo({ stop: "normal" })).toEqual({ stop: "normal" });
    expect(() => checkIn({ stop: "" })).toThrow(CallbackResultError);
    expect(() => checkIn({ stop: "x", reply: "ok" })).toThrow(/\{ stop: reason \}/);
    expect(() => checkIn({ stop: "x", extra: 1 })).toThrow(/\{ stop: reason, reply: \{ ok: response \} \| \{ error: response \} \}/);
    expect(() => checkInfo({ stop: "x", reply: { ok: {} } })).toThrow(CallbackResultError);
    expect(() => checkInfo(42)).toThrow(
      /handleInfo must return one of:\n {2}nothing \(undefined: carry on\)\n {2}\{ stop: reason \}.*\ngot: 42/s,
    );
  });
});
