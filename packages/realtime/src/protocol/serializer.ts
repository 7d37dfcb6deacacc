import type { Broadcast, Inbound, Push, Reply } from "./message.ts";

/**
 * What a transport writes: text frames are strings (or `TextFrame` once
 * encoded to UTF-8 for sharing), binary frames are bytes.
 */
export type Frame = string | Buffer | TextFrame;

/**
 * A text frame already encoded to UTF-8. Fan-out shares one of these among
 * all subscribers so that transports write the same bytes N times instead of
 * re-encoding the same string N times.
 */
export class TextFrame {
  readonly bytes: Buffer;
  constructor(text: string) {
    this.bytes = Buffer.from(text, "utf8");
  }
  toString(): string {
    return this.bytes.toString("utf8");
  }
}

export function frameSize(frame: Frame): number {
  if (typeof frame === "string") return Buffer.byteLength(frame);
  return frame instanceof TextFrame ? frame.bytes.length : frame.length;
}

/**
 * A wire format. Encoding is pure and deterministic so that one encoded
 * broadcast can be written to every subscriber using the same format.
 */
export interface Serializer {
  /** The `vsn` connect parameter selecting this format. */
  readonly vsn: string;
  /** Throws `ProtocolError` on anything that is not a well-formed message. */
  decode(data: Buffer, isBinary: boolean): Inbound;
  encodePush(push: Push): Frame;
  encodeReply(reply: Reply): Frame;
  encodeBroadcast(broadcast: Broadcast): Frame;
}

/** Input that breaks the protocol. The message is safe to show to the client. */
export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
}
