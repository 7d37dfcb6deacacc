/**
 * Socket.IO 4.8 peer of the bench server, doing the same work: rooms
 * `room:*`, "join" (ack), "ping" p → ack p, "broadcast" p → "msg" p to the
 * room (sender included), `GET /bench/broadcast`. Env `PORT` (0 = any), `HOST`.
 * WebSocket transport only, as the load clients connect straight to it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { announceListening, serveBroadcastRequest } from "./broadcast-request.ts";

const http = createServer((req, res) => {
  if (!serveBroadcastRequest(req, res, (topic, payload) => io.to(topic).emit("msg", payload))) res.writeHead(404).end();
});
const io = new Server(http, { transports: ["websocket"], serveClient: false });

io.on("connection", (socket) => {
  socket.on("join", (topic: unknown, ack?: (...args: unknown[]) => void) => {
    if (typeof topic !== "string" || !topic.startsWith("room:")) return ack?.({ error: "unmatched topic" });
    void socket.join(topic);
    ack?.();
  });
  socket.on("ping", (payload: unknown, ack?: (payload: unknown) => void) => ack?.(payload));
  socket.on("broadcast", (payload: unknown) => {
    for (const room of socket.rooms) if (room.startsWith("room:")) io.to(room).emit("msg", payload);
  });
});

http.listen(Number(process.env["PORT"] ?? 4001), process.env["HOST"] ?? "127.0.0.1", () =>
  announceListening((http.address() as AddressInfo).port),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void io.close();
    process.exit(0);
  });
}
