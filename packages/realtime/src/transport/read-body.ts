import type { IncomingMessage } from "node:http";

/**
 * How far past its limit a body is still read (and thrown away) before the
 * client is cut off instead of answered.
 */
const DISCARD_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Reads the body to its end, keeping at most `limit` bytes: the bytes, or
 * undefined when there were more (declared or seen). Even an oversized body
 * is read to its end before this resolves, so that an answer follows it:
 * answering while the client still sends lets Node close the connection
 * with bytes unread, and the kernel's reset can then destroy the answer
 * before the client reads it. A client still sending `DISCARD_LIMIT_BYTES`
 * past the limit is cut off (this rejects).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number(req.headers["content-length"]) > limit;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (!over && size <= limit) return void chunks.push(chunk);
      over = true;
      chunks.length = 0;
      if (size > limit + DISCARD_LIMIT_BYTES) req.socket.destroy();
    });
    req.once("end", () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.once("close", () => reject(new Error("request closed before its body was read")));
    req.once("error", reject);
  });
}

/** Reads and drops a body the answer does not need (see `readBody` for why it is read at all). */
export async function discardBody(req: IncomingMessage): Promise<void> {
  await readBody(req, 0);
}
