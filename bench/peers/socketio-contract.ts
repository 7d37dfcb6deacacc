import type { Server } from "socket.io";

/** The bench contract (join `room:*`, `ping` → ack, `broadcast` → `msg` to the room) on a Socket.IO server. */
export function serveBenchContract(io: Server): void {
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
}
