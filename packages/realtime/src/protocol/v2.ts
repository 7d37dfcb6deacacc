import { z } from "zod";
import { ProtocolError, type Serializer } from "./serializer.ts";
import { isBinary, payloadJson, type Inbound } from "./message.ts";
import { parseJson } from "./json.ts";

/**
 * `vsn=2.0.0`, the default of the official client.
 *
 * Text frames are JSON arrays `[join_ref, ref, topic, event, payload]`.
 * Binary payloads travel in binary frames whose first byte is the kind, then
 * one length byte per header field (so each field is at most 255 bytes), the
 * fields, and the raw payload:
 *
 *   push from client  0 | join_ref_len ref_len topic_len event_len  | fields | payload
 *   push to client    0 | join_ref_len topic_len event_len          | fields | payload
 *   reply             1 | join_ref_len ref_len topic_len status_len | fields | payload
 *   broadcast         2 | topic_len event_len                       | fields | payload
 */
const Kind = { push: 0, reply: 1, broadcast: 2 } as const;

const textFrame = z.tuple([z.string().nullable(), z.string().nullable(), z.string(), z.string(), z.unknown()]);

function binaryFrame(kind: number, fields: (string | null)[], payload: Uint8Array): Buffer {
  const encoded = fields.map((f) => Buffer.from(f ?? "", "utf8"));
  const headerLength = 1 + encoded.length;
  const metaLength = encoded.reduce((n, b) => n + b.length, 0);
  const out = Buffer.allocUnsafe(headerLength + metaLength + payload.byteLength);
  out[0] = kind;
  let offset = headerLength;
  encoded.forEach((bytes, i) => {
    if (bytes.length > 255) throw new ProtocolError(`binary frame field ${i} is over 255 bytes`);
    out[1 + i] = bytes.length;
    bytes.copy(out, offset);
    offset += bytes.length;
  });
  out.set(payload, offset);
  return out;
}

function decodeBinaryPush(data: Buffer): Inbound {
  if (data.length < 5 || data[0] !== Kind.push) {
    throw new ProtocolError("binary frames from clients must be pushes (kind 0) with a 5-byte header");
  }
  const sizes = [data[1]!, data[2]!, data[3]!, data[4]!];
  let offset = 5;
  const [joinRef, ref, topic, event] = sizes.map((size) => {
    if (offset + size > data.length) throw new ProtocolError("binary frame is shorter than its header says");
    const field = data.toString("utf8", offset, offset + size);
    offset += size;
    return field;
  }) as [string, string, string, string];
  return { joinRef, ref, topic, event, payload: data.subarray(offset) };
}

export const v2: Serializer = {
  vsn: "2.0.0",

  decode(data, binary) {
    if (binary) return decodeBinaryPush(data);
    const parsed = textFrame.safeParse(parseJson(data));
    if (!parsed.success) {
      throw new ProtocolError("expected [join_ref, ref, topic, event, payload]");
    }
    const [joinRef, ref, topic, event, payload] = parsed.data;
    return { joinRef, ref, topic, event, payload };
  },

  encodePush({ joinRef, ref = null, topic, event, payload }) {
    if (isBinary(payload)) return binaryFrame(Kind.push, [joinRef, topic, event], payload);
    return `${JSON.stringify([joinRef, ref, topic, event]).slice(0, -1)},${payloadJson(payload)}]`;
  },

  encodeReply({ joinRef, ref, topic, status, response }) {
    if (isBinary(response)) return binaryFrame(Kind.reply, [joinRef, ref, topic, status], response);
    return JSON.stringify([joinRef, ref, topic, "phx_reply", { status, response }]);
  },

  encodeBroadcast({ topic, event, payload }) {
    if (isBinary(payload)) return binaryFrame(Kind.broadcast, [topic, event], payload);
    return JSON.stringify([null, null, topic, event, payload]);
  },
};
