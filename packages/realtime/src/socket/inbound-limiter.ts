import { TokenBucket } from "./token-bucket.ts";

/** Per-socket limits on what a client may ask of the server. */
export interface SocketLimits {
  /** Most channels one socket may hold at once, joins in progress included. Default 100. */
  readonly maxChannels: number;
  /** Messages a socket may send per second on average, heartbeats included. Default 50. */
  readonly messagesPerSecond: number;
  /** Messages a socket may send at once after a quiet spell (the bucket's size). Default 200. */
  readonly burst: number;
  /**
   * Refused messages after which the socket is closed (1008). The count
   * starts over once the socket has been quiet long enough to earn its whole
   * burst back, so a client that backs off is never closed. Default 100.
   */
  readonly closeAfterRefused: number;
}

export const defaultSocketLimits: SocketLimits = { maxChannels: 100, messagesPerSecond: 50, burst: 200, closeAfterRefused: 100 };

/** The limits with the defaults filled in; a value that is not a positive number throws, naming it. */
export function socketLimits(given: Partial<SocketLimits> = {}): SocketLimits {
  const limits = { ...defaultSocketLimits, ...given };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
      throw new RangeError(`socket limit ${name} must be a positive number, got ${String(value)}`);
    }
  }
  if (!Number.isInteger(limits.maxChannels) || !Number.isInteger(limits.closeAfterRefused)) {
    throw new RangeError("socket limits maxChannels and closeAfterRefused must be integers");
  }
  if (limits.burst < 1) throw new RangeError("socket limit burst must be at least 1");
  return limits;
}

/**
 * The inbound rate limit of one socket: `admit` says whether a message may
 * be handled (`ok`), must be refused with an error reply (`refuse`), or ends
 * the socket (`close`: it kept flooding past `closeAfterRefused` refusals).
 */
export class InboundLimiter {
  readonly #bucket: TokenBucket;
  readonly #closeAfter: number;
  #refused = 0;

  constructor(limits: SocketLimits, now: number) {
    this.#bucket = new TokenBucket(limits.messagesPerSecond, limits.burst, now);
    this.#closeAfter = limits.closeAfterRefused;
  }

  admit(now: number): "ok" | "refuse" | "close" {
    if (this.#refused > 0 && this.#bucket.full(now)) this.#refused = 0;
    if (this.#bucket.take(now)) return "ok";
    this.#refused++;
    return this.#refused >= this.#closeAfter ? "close" : "refuse";
  }
}
