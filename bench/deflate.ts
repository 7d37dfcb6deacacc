/**
 * What permessage-deflate costs and saves: the bench server three times
 * (deflate off; on with the engine's defaults; on with context takeover), N sockets joined to one topic (the client offers deflate,
 * as browsers do), then a stream of K broadcasts of a view-model-like
 * payload (about 2 KiB of JSON) to all of them. Per variant: server RSS
 * per socket when idle (zlib state is made on a socket's first compressed
 * frame) and after the stream, server CPU for the stream, bytes on the wire
 * per delivered message.
 *
 *   npx tsx bench/deflate.ts [--quick]          (full: 2,000 sockets × 500 broadcasts; quick: 200 × 100)
 *   npx tsx bench/deflate.ts --sockets=1000 --broadcasts=300 --pad=2048
 */
import { mkdirSync, writeFileSync } from "node:fs";
import type { Socket as NetSocket } from "node:net";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { WebSocket } from "ws";
import { Children } from "./lib/children.ts";
import { cpuSeconds, rssBytes } from "./lib/proc-stats.ts";
import { startServer } from "./lib/servers.ts";
import { markdownTable } from "./lib/table.ts";

const RESULTS = fileURLToPath(new URL("./results/", import.meta.url));
const ADDRESSES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 1}`);
const TOPIC = "room:deflate";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    sockets: { type: "string" },
    broadcasts: { type: "string" },
    pad: { type: "string" },
  },
  strict: true,
});
const sockets = Number(values.sockets ?? (values.quick ? 200 : 2_000));
const broadcasts = Number(values.broadcasts ?? (values.quick ? 100 : 500));
const pad = Number(values.pad ?? 2048);
if (![sockets, broadcasts, pad].every((n) => Number.isInteger(n) && n > 0))
  throw new Error("--sockets, --broadcasts and --pad must be positive integers");

interface Client {
  readonly ws: WebSocket;
  received: number;
}

async function connect(port: number, i: number): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket/websocket?vsn=2.0.0`, {
    perMessageDeflate: true,
    localAddress: ADDRESSES[i % ADDRESSES.length]!,
  });
  const client: Client = { ws, received: 0 };
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const joined = new Promise<void>((resolve) => {
    ws.on("message", (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith('["1","1"')) resolve();
      else if (text.includes('"msg"')) client.received++;
    });
  });
  ws.send(JSON.stringify(["1", "1", TOPIC, "phx_join", {}]));
  await joined;
  return client;
}

/** Bytes the client side has read off its TCP socket (ws keeps the socket as `_socket`; a bench may look). */
const bytesRead = (client: Client): number => (client.ws as unknown as { _socket: NetSocket })._socket.bytesRead;

type Variant = "off" | "on" | "context";
const VARIANTS: Record<Variant, { env: string; label: string }> = {
  off: { env: "0", label: "off" },
  on: { env: "1", label: "on (defaults: no context takeover)" },
  context: { env: "context", label: "on, contextTakeover: true" },
};

async function measure(children: Children, variant: Variant) {
  process.env["PER_MESSAGE_DEFLATE"] = VARIANTS[variant].env;
  const server = await startServer(children, "plenum", { nodeArgs: [] });
  await sleep(1000);
  const rssEmpty = rssBytes(server.pid);
  const clients: Client[] = [];
  for (let i = 0; i < sockets; i += 100) {
    clients.push(...(await Promise.all(Array.from({ length: Math.min(100, sockets - i) }, (_, k) => connect(server.port, i + k)))));
  }
  await sleep(2000);
  const rssIdle = rssBytes(server.pid);
  const readBefore = clients.reduce((sum, client) => sum + bytesRead(client), 0);
  const cpuBefore = cpuSeconds(server.pid);
  const started = Date.now();
  // In slices, so a slow variant backs up no more than a slice in its queues.
  const slice = 20;
  for (let sent = 0; sent < broadcasts; sent += slice) {
    const n = Math.min(slice, broadcasts - sent);
    const res = await fetch(`http://127.0.0.1:${server.port}/bench/broadcast?topic=${TOPIC}&n=${n}&pad=${pad}`);
    if (!res.ok) throw new Error(`broadcast: HTTP ${res.status}`);
    const target = sent + n;
    const deadline = Date.now() + 60_000;
    while (clients.some((client) => client.received < target)) {
      if (Date.now() > deadline) throw new Error("broadcasts did not all arrive within 60 s");
      await sleep(5);
    }
  }
  const streamSeconds = (Date.now() - started) / 1000;
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  const wire = clients.reduce((sum, client) => sum + bytesRead(client), 0) - readBefore;
  await sleep(1000);
  const rssAfter = rssBytes(server.pid);
  for (const client of clients) client.ws.terminate();
  await server.stop();
  return {
    variant: VARIANTS[variant].label,
    sockets,
    broadcasts,
    payloadBytes: pad,
    rssEmptyMB: rssEmpty / 2 ** 20,
    idleKBPerSocket: (rssIdle - rssEmpty) / sockets / 1024,
    afterStreamKBPerSocket: (rssAfter - rssEmpty) / sockets / 1024,
    afterStreamMB: rssAfter / 2 ** 20,
    streamSeconds,
    serverCpuSeconds: cpu,
    cpuMicrosPerDelivery: (cpu * 1e6) / (sockets * broadcasts),
    wireBytesPerDelivery: wire / (sockets * broadcasts),
  };
}

const children = new Children();
process.once("exit", () => children.killAll());
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
const results = [];
for (const variant of Object.keys(VARIANTS) as Variant[]) results.push(await measure(children, variant));
mkdirSync(RESULTS, { recursive: true });
const path = `${RESULTS}deflate${values.quick ? "-quick" : ""}.json`;
writeFileSync(path, `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
const f = (value: number, digits = 1) => value.toFixed(digits);
console.log(`\n### permessage-deflate: ${sockets} sockets, ${broadcasts} broadcasts of ~${pad} B JSON\n`);
console.log(
  markdownTable([
    [
      "deflate",
      "RSS per socket idle KiB",
      "RSS per socket after the stream KiB",
      "server CPU s",
      "CPU µs per delivery",
      "wire bytes per delivery",
      "stream s",
    ],
    ...results.map((r) => [
      r.variant,
      f(r.idleKBPerSocket),
      f(r.afterStreamKBPerSocket),
      f(r.serverCpuSeconds, 2),
      f(r.cpuMicrosPerDelivery, 2),
      f(r.wireBytesPerDelivery, 0),
      f(r.streamSeconds),
    ]),
  ]),
);
console.log(`\nresults: ${path}`);
