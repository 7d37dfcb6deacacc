import type { PerMessageDeflateOptions } from "ws";

/**
 * permessage-deflate (RFC 7692) for the WebSocket transport. Off by default:
 * every socket then holds a compressor and a decompressor of its own, and a
 * broadcast is compressed once per subscriber instead of encoded once for
 * all (see docs/benchmarks.md for what that costs).
 */
export interface DeflateOptions {
  /** Frames under this many bytes go out uncompressed (without `contextTakeover` only: see there). Default 1,024. */
  readonly threshold: number;
  /**
   * Keep the compressors' windows from one frame to the next (RFC 7692
   * context takeover), the server's and the client's: similar frames
   * compress better, but `ws` then compresses every frame, whatever
   * `threshold` says, so every socket holds zlib state from its first frame
   * (its join reply) on. Off, both sides start afresh for each frame, the
   * server sends small frames as they are, and a socket that is sent only
   * small frames holds no compressor (its decompressor is made when the
   * client first sends a compressed frame: browsers compress every frame).
   * Default false.
   */
  readonly contextTakeover: boolean;
  /** Compressions and decompressions running at once on libuv's thread pool, node-wide. Default 10. */
  readonly concurrencyLimit: number;
  /**
   * The server compressor's window, 2^bits bytes (9–15); with `memLevel` it
   * is most of a socket's cost. Default 11 (2 KiB). The client's window is
   * left to the client: asking for a smaller one would refuse clients that
   * cannot limit theirs. zlib state is made on a socket's first compressed
   * frame (see `contextTakeover`).
   */
  readonly serverMaxWindowBits: number;
  /** zlib's memLevel for the compressor (1–9): its hash table takes 2^(memLevel+9) bytes. Default 4 (8 KiB). */
  readonly memLevel: number;
}

export const defaultDeflate: DeflateOptions = {
  threshold: 1024,
  contextTakeover: false,
  concurrencyLimit: 10,
  serverMaxWindowBits: 11,
  memLevel: 4,
};

function integerIn(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`perMessageDeflate.${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
}

/** The `ws` setting for the endpoint's `perMessageDeflate` option; a value out of range throws, naming it. */
export function wsDeflate(given: boolean | Partial<DeflateOptions> | undefined): PerMessageDeflateOptions | false {
  if (given === undefined || given === false) return false;
  const options = { ...defaultDeflate, ...(given === true ? {} : given) };
  integerIn("threshold", options.threshold, 0, Number.MAX_SAFE_INTEGER);
  integerIn("concurrencyLimit", options.concurrencyLimit, 1, 1024);
  integerIn("serverMaxWindowBits", options.serverMaxWindowBits, 9, 15);
  integerIn("memLevel", options.memLevel, 1, 9);
  if (typeof options.contextTakeover !== "boolean") throw new TypeError("perMessageDeflate.contextTakeover must be a boolean");
  return {
    threshold: options.threshold,
    serverNoContextTakeover: !options.contextTakeover,
    clientNoContextTakeover: !options.contextTakeover,
    concurrencyLimit: options.concurrencyLimit,
    serverMaxWindowBits: options.serverMaxWindowBits,
    zlibDeflateOptions: { memLevel: options.memLevel },
  };
}
