import { describe, expect, it } from "vitest";
import { StreamCursor } from "../../src/client/index.ts";

const at = (offset: number, epoch = "e") => ({ n: offset, _history: { epoch, offset } });

describe("StreamCursor", () => {
  it("asks to recover from the last position it saw, with the other params", () => {
    const cursor = new StreamCursor(() => ({ token: "t" }));
    expect(cursor.params()).toEqual({ token: "t" });
    expect(cursor.joined({ ok: 1, _history: { epoch: "e", offset: 3 } })).toBe("fresh");
    expect(cursor.params()).toEqual({ token: "t", recover: { epoch: "e", offset: 3 } });
    expect(cursor.seen(at(4))).toBe("next");
    expect(cursor.params()).toEqual({ token: "t", recover: { epoch: "e", offset: 4 } });
  });

  it("keeps its position through a recovered join (the missed messages follow), moves to the top on a failed one", () => {
    const cursor = new StreamCursor();
    cursor.seen(at(4));
    expect(cursor.joined({ _history: { recovered: true, epoch: "e", offset: 9 } })).toBe("recovered");
    expect(cursor.seen(at(5))).toBe("next");
    expect(cursor.joined({ _history: { recovered: false, epoch: "f", offset: 2 } })).toBe("resync");
    expect(cursor.position).toEqual({ epoch: "f", offset: 2 });
    expect(cursor.seen(at(3, "f"))).toBe("next");
  });

  it("tells a gap, another epoch and a payload without a position", () => {
    const cursor = new StreamCursor();
    expect(cursor.seen(at(1))).toBe("next");
    expect(cursor.seen(at(3))).toBe("gap");
    expect(cursor.seen(at(1, "other"))).toBe("gap");
    expect(cursor.seen({ n: 1 })).toBe("none");
    expect(cursor.seen(new Uint8Array(2))).toBe("none");
    expect(cursor.joined({ joined: true })).toBe("fresh");
    expect(cursor.position).toEqual({ epoch: "other", offset: 1 });
  });
});
