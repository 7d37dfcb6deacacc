/**
 * Bare `ws` peer of the bench server: the least a broadcast server can do.
 * Frames are JSON arrays: `["join", topic]` → `["joined"]`,
 * `["ping", ref, p]` → `["pong", ref, p]`, `["broadcast", p]` → `["msg", p]`
 * to the sender's rooms; `GET /bench/broadcast` serialises each message once
 * and writes it to every socket of the room. Env `PORT` (0 = any), `HOST`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { announceListening, serveBroadcastRequest } from "./broadcast-request.ts";

const rooms = new Map<string, Set<WebSocket>>();

function broadcast(topic: string, payload: unknown): void {
  const members = rooms.get(topic);
  if (!members) return;
  const frame = Buffer.from(JSON.stringify(["msg", payload]));
  for (const ws of members) ws.send(frame, { binary: false });
}

const http = createServer((req, res) => {
  if (!serveBroadcastRequest(req, res, broadcast)) res.writeHead(404).end();
});
const wss = new WebSocketServer({ server: http, path: "/ws", perMessageDeflate: false });

wss.on("connection", (ws) => {
  const joined = new Set<string>();
  ws.on("message", (data) => {
    let frame: unknown;
    try {
      frame = JSON.parse(String(data));
    } catch {
      return ws.close(1007, "not JSON");
    }
    if (!Array.isArray(frame)) return ws.close(1007, "not an array");
    const [op, a, b] = frame as [unknown, unknown, unknown];
    if (op === "ping") ws.send(JSON.stringify(["pong", a, b]));
    else if (op === "join" && typeof a === "string" && a.startsWith("room:")) {
      let members = rooms.get(a);
      if (!members) rooms.set(a, (members = new Set()));
      members.add(ws);
      joined.add(a);
      ws.send('["joined"]');
    } else if (op === "broadcast") for (const topic of joined) broadcast(topic, a);
  });
  ws.on("close", () => {
    for (const topic of joined) rooms.get(topic)?.delete(ws);
  });
  ws.on("error", () => ws.terminate());
});

http.listen(Number(process.env["PORT"] ?? 4002), process.env["HOST"] ?? "127.0.0.1", () =>
  announceListening((http.address() as AddressInfo).port),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    wss.close();
    process.exit(0);
  });
}
