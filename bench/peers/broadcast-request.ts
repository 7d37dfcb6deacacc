import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The bench contract's `GET /bench/broadcast?topic=room:x&n=N`, shared by
 * the peer servers so they validate and answer exactly like Plenum's:
 * `broadcast` runs N times with `{seq, t}` (t = ms epoch), then the request
 * is answered. Returns false when the request is not for this route.
 */
export function serveBroadcastRequest(
  req: IncomingMessage,
  res: ServerResponse,
  broadcast: (topic: string, payload: { seq: number; t: number }) => void,
): boolean {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname !== "/bench/broadcast") return false;
  const topic = url.searchParams.get("topic") ?? "";
  const n = Number(url.searchParams.get("n") ?? "1");
  if (!topic.startsWith("room:") || !Number.isInteger(n) || n < 1 || n > 1_000_000) {
    res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "topic=room:… and 1 ≤ n ≤ 1,000,000" }));
    return true;
  }
  for (let seq = 0; seq < n; seq++) broadcast(topic, { seq, t: Date.now() });
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ queued: n }));
  return true;
}

/** The JSON line a bench server prints once listening; runners read the bound port from it. */
export function announceListening(port: number): void {
  process.stdout.write(`${JSON.stringify({ msg: "bench server listening", port })}\n`);
}
