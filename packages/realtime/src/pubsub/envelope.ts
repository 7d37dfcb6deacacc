import type { PubSubMessage } from "./pubsub.ts";

/**
 * Wire form of a message crossing processes: one JSON header line, a newline,
 * then the body. A `Uint8Array` payload travels as raw bytes (no base64 cost
 * for the common binary broadcast); a JSON payload with `Uint8Array`s nested
 * inside tags them as base64 so they come back as `Uint8Array`.
 */
interface Header {
  /** Origin node: lets a node recognise the echo of its own broadcast. */
  o: string;
  t: string;
  e: string;
  f?: string;
  /** Coalesce key, carried untouched. */
  c?: string;
  /** History position [epoch, offset], carried untouched. */
  h?: [string, number];
  /** Body kind: raw bytes, plain JSON, or JSON with tagged binaries. */
  k: "b" | "j" | "x";
}

const BINARY_TAG = "__plenum_bytes__";
const NEWLINE = 0x0a;

export interface Envelope {
  readonly origin: string;
  readonly message: PubSubMessage;
}

export function encodeEnvelope(origin: string, message: PubSubMessage): Buffer {
  const { topic, event, payload, from, coalesce, position } = message;
  let kind: Header["k"];
  let body: Buffer;
  if (payload instanceof Uint8Array) {
    kind = "b";
    body = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  } else {
    let sawBinary = false;
    // `this[key]` is the value before toJSON, so Buffers are seen as bytes too.
    const json = JSON.stringify(payload ?? null, function (this: Record<string, unknown>, key, value: unknown) {
      const original = this[key];
      if (original instanceof Uint8Array) {
        sawBinary = true;
        return { [BINARY_TAG]: Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString("base64") };
      }
      return value;
    });
    kind = sawBinary ? "x" : "j";
    body = Buffer.from(json);
  }
  const header: Header = { o: origin, t: topic, e: event, k: kind };
  if (from !== undefined) header.f = from;
  if (coalesce !== undefined) header.c = coalesce;
  if (position !== undefined) header.h = [position.epoch, position.offset];
  return Buffer.concat([Buffer.from(JSON.stringify(header)), Buffer.of(NEWLINE), body]);
}

/** Throws on a malformed envelope; callers count and drop it. */
export function decodeEnvelope(data: Buffer): Envelope {
  const split = data.indexOf(NEWLINE);
  if (split < 0) throw new Error("pubsub envelope without header separator");
  const header = JSON.parse(data.subarray(0, split).toString()) as Partial<Header>;
  if (typeof header.o !== "string" || typeof header.t !== "string" || typeof header.e !== "string") {
    throw new Error("pubsub envelope with malformed header");
  }
  const body = data.subarray(split + 1);
  let payload: unknown;
  switch (header.k) {
    case "b":
      payload = new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
      break;
    case "j":
      payload = JSON.parse(body.toString());
      break;
    case "x":
      payload = JSON.parse(body.toString(), (_key, value: unknown) => {
        if (value !== null && typeof value === "object" && BINARY_TAG in value) {
          const tagged = (value as Record<string, unknown>)[BINARY_TAG];
          if (typeof tagged === "string") return new Uint8Array(Buffer.from(tagged, "base64"));
        }
        return value;
      });
      break;
    default:
      throw new Error(`pubsub envelope with unknown body kind ${String(header.k)}`);
  }
  const message: PubSubMessage = {
    topic: header.t,
    event: header.e,
    payload,
    ...(typeof header.f === "string" ? { from: header.f } : {}),
    ...(typeof header.c === "string" ? { coalesce: header.c } : {}),
    ...(Array.isArray(header.h) ? { position: { epoch: String(header.h[0]), offset: Number(header.h[1]) } } : {}),
  };
  return { origin: header.o, message };
}
