import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ProtocolError, RawJson, TextFrame, v1, v2, type Frame } from "../../src/protocol/index.ts";

const ref = fc.option(fc.string({ maxLength: 20 }), { nil: null });
const json = fc.jsonValue();
const bytes = (f: Frame): Buffer => (typeof f === "string" ? Buffer.from(f) : f instanceof TextFrame ? f.bytes : f);

describe("v2 serializer", () => {
  it("round-trips client text frames", () => {
    fc.assert(
      fc.property(ref, ref, fc.string(), fc.string(), json, (joinRef, r, topic, event, payload) => {
        const frame = JSON.stringify([joinRef, r, topic, event, payload]);
        expect(v2.decode(Buffer.from(frame), false)).toEqual({
          joinRef,
          ref: r,
          topic,
          event,
          payload: JSON.parse(JSON.stringify(payload)),
        });
      }),
    );
  });

  it("round-trips client binary pushes as the official client encodes them", () => {
    const field = fc.string({ maxLength: 40 });
    fc.assert(
      fc.property(field, field, field, field, fc.uint8Array({ maxLength: 200 }), (joinRef, r, topic, event, payload) => {
        const parts = [joinRef, r, topic, event].map((s) => Buffer.from(s));
        const frame = Buffer.concat([Buffer.from([0, ...parts.map((p) => p.length)]), ...parts, payload]);
        const decoded = v2.decode(frame, true);
        expect(decoded).toMatchObject({ joinRef, ref: r, topic, event });
        expect(Buffer.from(decoded.payload as Uint8Array)).toEqual(Buffer.from(payload));
      }),
    );
  });

  it("encodes server binary frames with the layouts the client decodes", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.string({ maxLength: 30 }),
        fc.uint8Array({ maxLength: 100 }),
        (topic, event, payload) => {
          const b = bytes(v2.encodeBroadcast({ topic, event, payload }));
          const [t, e] = [Buffer.from(topic), Buffer.from(event)];
          expect(b[0]).toBe(2);
          expect([b[1], b[2]]).toEqual([t.length, e.length]);
          expect(b.subarray(3 + t.length + e.length)).toEqual(Buffer.from(payload));
          const reply = bytes(v2.encodeReply({ joinRef: "1", ref: "22", topic, status: "ok", response: payload }));
          expect([...reply.subarray(0, 5)]).toEqual([1, 1, 2, t.length, 2]);
          const push = bytes(v2.encodePush({ joinRef: "3", topic, event, payload }));
          expect([...push.subarray(0, 4)]).toEqual([0, 1, t.length, e.length]);
        },
      ),
    );
  });

  it("encodes text frames the client parses back", () => {
    fc.assert(
      fc.property(ref, fc.string(), fc.string(), json, (joinRef, topic, event, payload) => {
        expect(JSON.parse(v2.encodePush({ joinRef, topic, event, payload }) as string)).toEqual([
          joinRef,
          null,
          topic,
          event,
          JSON.parse(JSON.stringify(payload)),
        ]);
        expect(JSON.parse(v2.encodeReply({ joinRef, ref: "9", topic, status: "error", response: payload }) as string)).toEqual([
          joinRef,
          "9",
          topic,
          "phx_reply",
          { status: "error", response: JSON.parse(JSON.stringify(payload)) },
        ]);
      }),
    );
  });

  it("splices a pre-serialised payload exactly where it would have been serialised", () => {
    fc.assert(
      fc.property(ref, fc.string(), fc.string(), json, (joinRef, topic, event, payload) => {
        for (const serializer of [v2, v1]) {
          const plain = JSON.parse(serializer.encodePush({ joinRef, topic, event, payload }) as string);
          const raw = JSON.parse(serializer.encodePush({ joinRef, topic, event, payload: new RawJson(JSON.stringify(payload)) }) as string);
          expect(raw).toEqual(plain);
        }
      }),
    );
  });

  it("rejects anything that is not a frame with a ProtocolError", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          json.map((j) => JSON.stringify(j)),
        ),
        (text) => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          const valid =
            Array.isArray(parsed) &&
            parsed.length === 5 &&
            (parsed[0] === null || typeof parsed[0] === "string") &&
            (parsed[1] === null || typeof parsed[1] === "string") &&
            typeof parsed[2] === "string" &&
            typeof parsed[3] === "string";
          if (valid) expect(() => v2.decode(Buffer.from(text), false)).not.toThrow();
          else expect(() => v2.decode(Buffer.from(text), false)).toThrow(ProtocolError);
        },
      ),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 30 }), (frame) => {
        try {
          v2.decode(Buffer.from(frame), true);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
    );
  });

  it("refuses binary header fields over 255 bytes when encoding", () => {
    expect(() => v2.encodeBroadcast({ topic: "t".repeat(256), event: "e", payload: new Uint8Array(1) })).toThrow(ProtocolError);
  });
});

describe("v1 serializer", () => {
  it("round-trips object frames", () => {
    fc.assert(
      fc.property(ref, ref, fc.string(), fc.string(), json, (joinRef, r, topic, event, payload) => {
        const frame = JSON.stringify({ topic, event, payload, ref: r, join_ref: joinRef });
        expect(v1.decode(Buffer.from(frame), false)).toEqual({
          joinRef,
          ref: r,
          topic,
          event,
          payload: JSON.parse(JSON.stringify(payload)) ?? {},
        });
      }),
    );
  });

  it("rejects arrays, binary frames and binary payloads", () => {
    expect(() => v1.decode(Buffer.from('[null,null,"t","e",{}]'), false)).toThrow(ProtocolError);
    expect(() => v1.decode(Buffer.from([0, 0, 0, 0, 0]), true)).toThrow(ProtocolError);
    expect(() => v1.encodeBroadcast({ topic: "t", event: "e", payload: new Uint8Array(2) })).toThrow(ProtocolError);
  });
});
