import type { PerMessageDeflateOptions } from "ws";

/**
 * permessage-deflate (RFC 7692) for the WebSocket transport. Off by default:
 * every socket then holds a compressor and a decompressor of its own, and a
 * broadcast is compressed once per subscriber instead of encoded once for
 * all (see docs/benchmarks.md for what that costs).
 */
export interface DeflateOptions {
  /** Frames under this many bytes go out uncompressed. Default 1,024. */
  readonly threshold: number;
  /** Compressions and decompressions running at once on libuv's thread pool, node-wide. Default 10. */
  readonly concurrencyLimit: number;
  /**
   * The server compressor's window, 2^bits bytes (9–15); with `memLevel` it
   * is most of a socket's cost. Default 11 (2 KiB). The client's window is
   * left to the client: asking for a smaller one would refuse clients that
   * cannot limit theirs. zlib state is made on a socket's first compressed
   * frame, so quiet sockets cost nothing.
   */
  readonly serverMaxWindowBits: number;
  /** zlib's memLevel for the compressor (1–9): its hash table takes 2^(memLevel+9) bytes. Default 4 (8 KiB). */
  readonly memLevel: number;
}

export const defaultDeflate: DeflateOptions = {
  threshold: 1024,
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
  return {
    threshold: options.threshold,
    concurrencyLimit: options.concurrencyLimit,
    serverMaxWindowBits: options.serverMaxWindowBits,
    zlibDeflateOptions: { memLevel: options.memLevel },
  };
}
