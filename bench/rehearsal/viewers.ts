/**
 * The organisers' screens (one load process): chairs on the console (admin
 * and event views, as event-console.tsx joins them), projectors (the event
 * view), dashboards (the dashboard topic's datasets). Official client and
 * live views as in the browser, each screen on its own socket with the
 * chair's session, reconnecting as the web client does.
 */
import { LiveView } from "@plenum/realtime/client";
import type { Channel, Socket } from "phoenix";
import { Topics } from "../../apps/assembly/src/api/topics.ts";
import type { AdminView, EventView } from "../../apps/assembly/src/api/views.ts";
import { serveIpc } from "../assembly/lib/ipc-child.ts";
import { Histogram } from "../lib/histogram.ts";
import { browserSocket, Upstreams } from "./browser-socket.ts";
import type { ChairSecond, ChairsReport, ViewersCommand } from "./protocol.ts";

const upstreams = new Upstreams([]);

/** Intervals between two patches of one view on one chair: the throttle as the chairs see it. */
const gaps = { event: new Histogram(), admin: new Histogram() };

class Chair {
  messages = 0;
  bytes = 0;
  eventPatches = 0;
  adminPatches = 0;
  readonly admin: LiveView<AdminView, Channel>;
  readonly event: LiveView<EventView, Channel>;

  constructor(connect: (onBytes: (bytes: number) => void) => Socket, eventId: string) {
    const socket = connect((bytes) => {
      this.bytes += bytes;
    });
    socket.onMessage(() => {
      this.messages++;
    });
    this.admin = new LiveView<AdminView, Channel>(socket.channel(Topics.admin(eventId), {}));
    this.event = new LiveView<EventView, Channel>(socket.channel(Topics.event(eventId), {}));
    const last = { event: 0, admin: 0 };
    const patched = (view: "event" | "admin"): void => {
      const now = performance.now();
      if (last[view] > 0) gaps[view].record(now - last[view]);
      last[view] = now;
    };
    this.admin.channel.on("patch", () => {
      this.adminPatches++;
      patched("admin");
    });
    this.event.channel.on("patch", () => {
      this.eventPatches++;
      patched("event");
    });
    this.admin.start();
    this.event.start();
  }
}

class Projector {
  readonly view: LiveView<EventView, Channel>;
  /** pollId → epoch ms the poll first showed published with its result. */
  readonly published = new Map<string, number>();

  constructor(socket: Socket, eventId: string) {
    this.view = new LiveView<EventView, Channel>(socket.channel(Topics.event(eventId), {}));
    this.view.subscribe(() => {
      for (const poll of this.view.model?.polls ?? [])
        if (poll.status === "published" && poll.result && !this.published.has(poll.id)) this.published.set(poll.id, Date.now());
    });
    this.view.start();
  }
}

class Dashboard {
  /** Epoch ms of every dataset received (the last few hundred). */
  readonly datasets: number[] = [];

  constructor(socket: Socket, eventId: string) {
    const channel = socket.channel(Topics.dashboard(eventId), {});
    channel.on("dataset", () => {
      this.datasets.push(Date.now());
      if (this.datasets.length > 500) this.datasets.splice(0, 250);
    });
    channel.join();
  }
}

let chairs: Chair[] = [];
let projectors: Projector[] = [];
let dashboards: Dashboard[] = [];
const seconds: ChairSecond[] = [];

function start(command: Extract<ViewersCommand, { kind: "start" }>): { screens: number } {
  upstreams.set(command.nodes);
  let n = 0;
  const socket = (onBytes?: (bytes: number) => void) => {
    const i = n++;
    const created = browserSocket({
      upstreams,
      home: command.nodes[i % command.nodes.length]!,
      localAddress: command.addresses[i % command.addresses.length]!,
      authToken: `admin:${command.adminToken}`,
      params: { as: "admin" },
      ...(onBytes ? { onBytes } : {}),
    });
    created.connect();
    return created;
  };
  chairs = Array.from({ length: command.chairs }, () => new Chair(socket, command.eventId));
  projectors = Array.from({ length: command.projectors }, () => new Projector(socket(), command.eventId));
  dashboards = Array.from({ length: command.dashboards }, () => new Dashboard(socket(), command.eventId));
  setInterval(() => {
    const n = Math.max(1, chairs.length);
    seconds.push({
      t: Math.floor(Date.now() / 1000),
      messages: chairs.reduce((s, c) => s + c.messages, 0) / n,
      bytes: chairs.reduce((s, c) => s + c.bytes, 0) / n,
      eventPatchesMax: Math.max(0, ...chairs.map((c) => c.eventPatches)),
      adminPatchesMax: Math.max(0, ...chairs.map((c) => c.adminPatches)),
    });
    for (const chair of chairs) Object.assign(chair, { messages: 0, bytes: 0, eventPatches: 0, adminPatches: 0 });
  }, 1_000).unref();
  return { screens: n };
}

/** The lowest turnout of the poll shown on any chair's console (both views) or projector; NaN while one has none. */
function lowestTurnout(pollId: string): number {
  const shown = [
    ...chairs.map((c) => c.admin.model?.openPolls.find((p) => p.pollId === pollId)?.count),
    ...[...chairs.map((c) => c.event), ...projectors.map((p) => p.view)].map(
      (view) => view.model?.polls.find((p) => p.id === pollId)?.turnout?.count,
    ),
  ];
  return shown.some((count) => count === undefined) ? Number.NaN : Math.min(...(shown as number[]));
}

serveIpc(async (command: ViewersCommand) => {
  switch (command.kind) {
    case "start":
      return start(command);
    case "upstreams":
      upstreams.set(command.nodes);
      return null;
    case "chairs":
      return {
        seconds,
        gapsMs: Object.fromEntries(
          Object.entries(gaps).map(([view, h]) => [
            view,
            { min: h.quantile(0), p1: h.quantile(0.01), p50: h.quantile(0.5), count: h.count },
          ]),
        ),
      } satisfies ChairsReport;
    case "published":
      return projectors.map((p) => p.published.get(command.pollId) ?? null);
    case "turnout":
      return lowestTurnout(command.pollId);
    case "datasets":
      return dashboards.map((d) => d.datasets.find((at) => at > command.since) ?? null);
  }
});
