/**
 * Socket.IO 4.8 cluster node: the bench contract of bench/peers/socketio-server.ts
 * (rooms `room:*`, "join" (ack), "ping" p → ack p, "broadcast" p → "msg" p to
 * the room, `GET /bench/broadcast`) across processes with
 * `@socket.io/redis-adapter`, the documented way to scale Socket.IO out.
 * Env `PORT` (0 = any), `REDIS_URL`, `REDIS_PREFIX` (the adapter's key),
 * `NODE_NAME`. WebSocket transport only.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { Server } from "socket.io";
import { announceListening, serveBroadcastRequest } from "../peers/broadcast-request.ts";
import { serveBenchContract } from "../peers/socketio-contract.ts";

const redisUrl = process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379";
const pub = new Redis(redisUrl);
const sub = pub.duplicate();
for (const connection of [pub, sub])
  connection.on("error", (error: Error) => process.stderr.write(`socketio-node redis: ${error.message}\n`));

const http = createServer((req, res) => {
  if (!serveBroadcastRequest(req, res, (topic, payload) => io.to(topic).emit("msg", payload))) res.writeHead(404).end();
});
const io = new Server(http, {
  transports: ["websocket"],
  serveClient: false,
  adapter: createAdapter(pub, sub, { key: `${process.env["REDIS_PREFIX"] ?? ""}socket.io` }),
});

serveBenchContract(io);

http.listen(Number(process.env["PORT"] ?? 4001), process.env["HOST"] ?? "127.0.0.1", () =>
  announceListening((http.address() as AddressInfo).port),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void io.close();
    pub.disconnect();
    sub.disconnect();
    process.exit(0);
  });
}
