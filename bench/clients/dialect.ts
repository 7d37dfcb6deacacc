/** What one server text frame meant to the load client. */
export type Incoming =
  | { kind: "joined" }
  | { kind: "reply"; ref: number }
  /** A broadcast delivery stamped by the server with `t` (ms epoch). */
  | { kind: "delivery"; t: number }
  | { kind: "other" };

/**
 * How load clients speak to one server under test. Every dialect sends and
 * parses about the same amount per frame (deliveries are read for their
 * stamp only, replies for their ref), so client cost stays comparable
 * across peers and does not decide the comparison.
 */
export interface Dialect {
  url(port: number): string;
  /** Frames to send as soon as the WebSocket opens. */
  opening(topic: string): string[];
  /** Reads one server text frame; `send` answers protocol housekeeping (handshakes, pings). Throws on a refused join. */
  read(text: string, topic: string, send: (frame: string) => void): Incoming;
  /** A request whose reply carries `ref`. */
  request(topic: string, ref: number): string;
  /** What the client must send periodically for the server to keep the socket. */
  readonly keepalive?: { readonly frame: string; readonly everyMs: number };
}

/** The `t` stamp of a broadcast payload `{…,"t":<ms>}` without parsing the whole frame. */
export function deliveryStamp(text: string): number {
  const at = text.lastIndexOf('"t":');
  if (at === -1) return Number.NaN;
  let end = at + 4;
  while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
  return Number(text.slice(at + 4, end));
}
