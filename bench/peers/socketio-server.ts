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
import { serveBenchContract } from "./socketio-contract.ts";

const http = createServer((req, res) => {
  if (!serveBroadcastRequest(req, res, (topic, payload) => io.to(topic).emit("msg", payload))) res.writeHead(404).end();
});
const io = new Server(http, { transports: ["websocket"], serveClient: false });

serveBenchContract(io);

http.listen(Number(process.env["PORT"] ?? 4001), process.env["HOST"] ?? "127.0.0.1", () =>
  announceListening((http.address() as AddressInfo).port),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void io.close();
    process.exit(0);
  });
}
