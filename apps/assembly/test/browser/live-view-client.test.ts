import type { Socket } from "phoenix";
import { describe, expect, it } from "vitest";
import { LiveView } from "../../web/src/live/live-view.ts";

type Callback = (payload: any) => void;

/** Stands in for a phoenix Push: the test answers it. */
class FakePush {
  readonly #hooks = new Map<string, Callback[]>();

  receive(status: string, callback: Callback): this {
    this.#hooks.set(status, [...(this.#hooks.get(status) ?? []), callback]);
    return this;
  }

  answer(status: string, payload: unknown): void {
    for (const callback of this.#hooks.get(status) ?? []) callback(payload);
  }
}

/** Stands in for a phoenix Channel: the test plays the server's pushes and replies. */
class FakeChannel {
  readonly joinPush = new FakePush();
  readonly pushes: { event: string; payload: object; push: FakePush }[] = [];
  readonly #handlers = new Map<string, Callback[]>();
  leaves = 0;

  on(event: string, callback: Callback): number {
    this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), callback]);
    return 0;
  }

  off(): void {}

  join(): FakePush {
    return this.joinPush;
  }

  push(event: string, payload: object): FakePush {
    const push = new FakePush();
    this.pushes.push({ event, payload, push });
    return push;
  }

  leave(): FakePush {
    this.leaves += 1;
    return new FakePush();
  }

  serverPush(event: string, payload: unknown): void {
    for (const callback of this.#handlers.get(event) ?? []) callback(payload);
  }
}

function setup() {
  const channel = new FakeChannel();
  const socket = { channel: () => channel } as unknown as Socket;
  const view = new LiveView<{ count: number; items: string[] }>(socket, "event:e1");
  const seen: number[] = [];
  view.subscribe(() => seen.push(view.model?.count ?? -1));
  view.start();
  return { channel, view, seen };
}

describe("LiveView (browser client)", () => {
  it("takes the join reply's snapshot, then applies patches that follow on from its version", () => {
    const { channel, view, seen } = setup();
    expect(view.state).toBe("joining");
    channel.joinPush.answer("ok", { version: 3, model: { count: 1, items: [] } });
    expect(view.state).toBe("synced");
    channel.serverPush("patch", {
      from: 3,
      version: 4,
      ops: [
        { op: "replace", path: "/count", value: 2 },
        { op: "add", path: "/items/0", value: "a" },
      ],
    });
    expect(view.model).toEqual({ count: 2, items: ["a"] });
    expect(seen).toEqual([1, 2]);
    expect(channel.pushes).toEqual([]);
  });

  it("drops a patch after a gap, asks for a snapshot once, and ignores patches until it arrives", () => {
    const { channel, view } = setup();
    channel.joinPush.answer("ok", { version: 1, model: { count: 1, items: [] } });
    channel.serverPush("patch", { from: 2, version: 3, ops: [{ op: "replace", path: "/count", value: 3 }] });
    channel.serverPush("patch", { from: 3, version: 4, ops: [{ op: "replace", path: "/count", value: 4 }] });
    expect(view.model).toEqual({ count: 1, items: [] });
    expect(channel.pushes.map((push) => push.event)).toEqual(["snapshot"]);
    channel.pushes[0]!.push.answer("ok", { version: 4, model: { count: 4, items: [] } });
    channel.serverPush("patch", { from: 4, version: 5, ops: [{ op: "replace", path: "/count", value: 5 }] });
    expect(view.model).toEqual({ count: 5, items: [] });
  });

  it("resyncs when a patch does not apply to the model it holds", () => {
    const { channel, view } = setup();
    channel.joinPush.answer("ok", { version: 1, model: { count: 1, items: [] } });
    channel.serverPush("patch", { from: 1, version: 2, ops: [{ op: "replace", path: "/missing/deep", value: 1 }] });
    expect(view.model).toEqual({ count: 1, items: [] });
    expect(channel.pushes.map((push) => push.event)).toEqual(["snapshot"]);
    // A lost snapshot request is retried by the next out-of-step patch.
    channel.pushes[0]!.push.answer("timeout", undefined);
    channel.serverPush("patch", { from: 7, version: 8, ops: [] });
    expect(channel.pushes.map((push) => push.event)).toEqual(["snapshot", "snapshot"]);
  });

  it("replaces the model with each rejoin's snapshot", () => {
    const { channel, view } = setup();
    channel.joinPush.answer("ok", { version: 5, model: { count: 5, items: [] } });
    channel.joinPush.answer("ok", { version: 1, model: { count: 9, items: ["fresh"] } });
    expect(view.model).toEqual({ count: 9, items: ["fresh"] });
    channel.serverPush("patch", { from: 1, version: 2, ops: [{ op: "remove", path: "/items/0" }] });
    expect(view.model).toEqual({ count: 9, items: [] });
  });

  it("reports a refused join with its reason, and closes once", () => {
    const { channel, view } = setup();
    channel.joinPush.answer("error", { reason: "forbidden" });
    expect(view.state).toBe("refused");
    expect(view.refusal).toBe("forbidden");
    expect(view.model).toBeNull();
    view.close();
    view.close();
    expect(channel.leaves).toBe(1);
  });
});
