/**
 * Chair consoles (one load process): sockets joined to an event's admin
 * topic that count what reaches them per second and decode every frame, as
 * a browser console would. With `fetchPath` they follow notify-then-fetch:
 * on `participants_changed` they GET their page of the list (one fetch in
 * flight per chair; a notification meanwhile means one more fetch after it).
 */
import { serveIpc } from "../lib/ipc-child.ts";
import type { ChairSecond, ChairsCommand, ChairsReport } from "./commands.ts";
import { ownCpuSeconds } from "./pace.ts";
import { PhxClient } from "./phx-client.ts";

type Start = Extract<ChairsCommand, { kind: "start" }>;

class Chair {
  messages = 0;
  bytes = 0;
  fetchedBytes = 0;
  fetches = 0;
  #fetching = false;
  #again = false;

  constructor(
    readonly client: PhxClient,
    readonly fetchUrl: string | undefined,
    readonly fetchToken: string | undefined,
  ) {
    client.onPush = (_topic, event, _payload, bytes) => {
      this.messages++;
      this.bytes += bytes;
      if (event === "participants_changed") void this.#refetch();
    };
  }

  async #refetch(): Promise<void> {
    if (!this.fetchUrl) return;
    if (this.#fetching) {
      this.#again = true;
      return;
    }
    this.#fetching = true;
    try {
      do {
        this.#again = false;
        const response = await fetch(this.fetchUrl, { headers: this.fetchToken ? { authorization: `Bearer ${this.fetchToken}` } : {} });
        const body = await response.text();
        JSON.parse(body);
        this.fetchedBytes += Buffer.byteLength(body);
        this.fetches++;
      } while (this.#again);
    } finally {
      this.#fetching = false;
    }
  }
}

let run: { chairs: Chair[]; series: ChairSecond[]; timer: NodeJS.Timeout; started: number; cpu: number; wanted: number } | undefined;

async function start(command: Start): Promise<{ connected: number }> {
  const chairs: Chair[] = [];
  for (let i = 0; i < command.chairs; i++) {
    const client = await PhxClient.connect(command.url, command.authToken ? { authToken: command.authToken } : {});
    const reply = await client.join(command.topic);
    if (reply.status !== "ok") throw new Error(`chair join refused: ${JSON.stringify(reply.response)}`);
    chairs.push(
      new Chair(client, command.fetchPath ? `${command.url.replace(/^ws/, "http")}${command.fetchPath}` : undefined, command.fetchToken),
    );
  }
  const series: ChairSecond[] = [];
  const started = performance.now();
  let last = { messages: 0, bytes: 0, fetchedBytes: 0 };
  const timer = setInterval(() => {
    const now = { messages: 0, bytes: 0, fetchedBytes: 0 };
    for (const chair of chairs) {
      now.messages += chair.messages;
      now.bytes += chair.bytes;
      now.fetchedBytes += chair.fetchedBytes;
    }
    const n = chairs.length;
    series.push({
      t: Math.round((performance.now() - started) / 1000),
      messages: (now.messages - last.messages) / n,
      bytes: (now.bytes - last.bytes) / n,
      fetchedBytes: (now.fetchedBytes - last.fetchedBytes) / n,
    });
    last = now;
  }, 1000);
  run = { chairs, series, timer, started, cpu: ownCpuSeconds(), wanted: command.chairs };
  return { connected: chairs.length };
}

function stop(): ChairsReport {
  if (!run) throw new Error("chairs were not started");
  clearInterval(run.timer);
  const { chairs } = run;
  const report: ChairsReport = {
    chairs: run.wanted,
    connected: chairs.length,
    closedByServer: chairs.filter((c) => !c.client.open).length,
    series: run.series,
    totals: {
      messages: chairs.reduce((s, c) => s + c.messages, 0),
      bytes: chairs.reduce((s, c) => s + c.bytes, 0),
      fetchedBytes: chairs.reduce((s, c) => s + c.fetchedBytes, 0),
      fetches: chairs.reduce((s, c) => s + c.fetches, 0),
    },
    cpuSeconds: ownCpuSeconds() - run.cpu,
    seconds: (performance.now() - run.started) / 1000,
  };
  for (const chair of chairs) chair.client.close();
  run = undefined;
  return report;
}

serveIpc(async (command: ChairsCommand) => (command.kind === "start" ? start(command) : stop()));
