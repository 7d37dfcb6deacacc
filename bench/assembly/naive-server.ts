/**
 * The naive design, on Plenum's engine, for comparison only: every participant who joins `event:1` makes the server
 * broadcast the FULL participant list to the chairs' topic `event:1:admin`.
 * Outbound queues are effectively unbounded, like the process mailboxes of a
 * server that runs out of memory this way (the real engine's default limits would close the
 * chairs' sockets instead). NAIVE_PARTICIPANTS (default 3000) members exist;
 * participants connect with param `pid` (their index), chairs with none.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { Endpoint } from "../../packages/realtime/src/index.ts";
import { serveIpc } from "./lib/ipc-child.ts";

interface Row {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly group: string;
  present: boolean;
  joinedAt: string | null;
}

const members: Row[] = Array.from({ length: Number(process.env["NAIVE_PARTICIPANTS"] ?? 3000) }, (_, i) => ({
  id: `p-${String(i).padStart(6, "0")}-${"x".repeat(24)}`,
  name: `Member ${String(i).padStart(6, "0")}`,
  email: `m${i}@bench.example.org`,
  group: i % 2 ? "Nord" : "Süd",
  present: false,
  joinedAt: null,
}));

const endpoint = new Endpoint({
  logger: pino({ level: "warn", name: "naive" }),
  queue: { maxMessages: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER },
  connect: (params) => ({ id: params["pid"] ? `participant:${params["pid"]}` : null, assigns: { pid: params["pid"] } }),
});

endpoint.channel("event:*", {
  join(topic, _payload, channel) {
    const pid = channel.socket.assigns["pid"];
    if (topic === "event:1:admin") return { ok: { participants: members } };
    if (topic !== "event:1" || typeof pid !== "string") return { error: { reason: "forbidden" } };
    const member = members[Number(pid)];
    if (member) {
      member.present = true;
      member.joinedAt = new Date().toISOString();
    }
    // The mistake: the whole list, to every chair, on every join.
    endpoint.broadcast("event:1:admin", "participants_updated", { participants: members });
    return { ok: {} };
  },
});

const server = createServer((req, res) => {
  if (!endpoint.handleRequest(req, res)) res.writeHead(404).end();
});
endpoint.attach(server);
await endpoint.start();
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(0));
serveIpc(async () => ({}), { port: (server.address() as AddressInfo).port });
