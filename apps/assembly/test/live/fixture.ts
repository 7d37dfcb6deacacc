import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { LongPoll, Socket, type Channel } from "phoenix";
import { WebSocket } from "ws";
import { startServer, type RunningServer, type ServerOptions } from "../../src/server.ts";
import { parseCsv } from "../../src/csv/parse.ts";

export const OWNER = { email: "owner@example.org", password: "owner-password-1" };

/** One ballot secret for every server of a test file: nodes of one cluster must share it. */
const ballotSecret = randomBytes(32);

/** A real assembly server on port 0 with its own SQLite file, and HTTP/socket helpers against it. */
export class Assembly {
  readonly server: RunningServer;
  readonly #dir: string;
  readonly #sockets: Socket[] = [];
  adminCookie = "";

  private constructor(server: RunningServer, dir: string) {
    this.server = server;
    this.#dir = dir;
  }

  static async start(options: Partial<ServerOptions> = {}): Promise<Assembly> {
    const dir = await mkdtemp(join(tmpdir(), "plenum-live-"));
    const server = await startServer({
      port: 0,
      sqlitePath: join(dir, "assembly.sqlite"),
      ballotSecret,
      logger: pino({ level: process.env["LOG_LEVEL"] ?? "silent" }),
      bootstrapAdmin: OWNER,
      liveThrottleMs: 50,
      ...options,
    });
    return new Assembly(server, dir);
  }

  async http(
    method: string,
    path: string,
    body?: unknown,
    cookie = this.adminCookie,
  ): Promise<{ status: number; json: any; text: string; setCookie: string | null }> {
    const headers: Record<string, string> = { cookie };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === "string" ? body : JSON.stringify(body);
      headers["content-type"] = typeof body === "string" ? "text/csv" : "application/json";
    }
    const response = await fetch(`${this.server.url}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text, setCookie: response.headers.get("set-cookie") };
  }

  async loginOwner(): Promise<void> {
    const reply = await this.http("POST", "/api/admin/login", OWNER, "");
    this.adminCookie = reply.setCookie!.split(";")[0]!;
  }

  /** An open event with one agenda item and `n` imported participants; returns their invitation tokens by name. */
  async event(n: number): Promise<{ eventId: string; itemId: string; tokens: Map<string, string> }> {
    const event = await this.http("POST", "/api/events", { name: "Parteitag", timezone: "Europe/Berlin" });
    const eventId: string = event.json.event.id;
    const item = await this.http("POST", `/api/events/${eventId}/agenda`, { title: "Anträge" });
    const rows = Array.from({ length: n }, (_, i) => `P${i};p${i}@example.org;${i % 2 ? "Nord" : "Süd"}`);
    const imported = await this.http("POST", `/api/events/${eventId}/participants/import`, `name;email;group\n${rows.join("\n")}\n`);
    if (imported.status !== 200) throw new Error(imported.text);
    const links = await this.http("POST", `/api/events/${eventId}/invitations/export`);
    const [, ...records] = parseCsv(links.text).records.map((r) => r.fields);
    await this.http("POST", `/api/events/${eventId}/open`);
    return { eventId, itemId: item.json.item.id, tokens: new Map(records.map((r) => [r[0]!, r[4]!.split("#")[1]!])) };
  }

  /** A participant's id, found by their email in the chairs' list. */
  async participantId(eventId: string, email: string): Promise<string> {
    const page = await this.http("GET", `/api/events/${eventId}/participants?search=${encodeURIComponent(email)}`);
    return page.json.items[0].id;
  }

  /** The official client, authenticated like a script would be. */
  socket(authToken: string, transport: "websocket" | "longpoll" = "websocket"): Socket {
    const socket = new Socket(`ws://127.0.0.1:${this.server.port}/socket`, {
      transport: transport === "longpoll" ? LongPoll : (WebSocket as unknown as typeof globalThis.WebSocket),
      authToken,
      reconnectAfterMs: () => 100,
      rejoinAfterMs: () => 100,
    });
    socket.connect();
    this.#sockets.push(socket);
    return socket;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.disconnect();
    await this.server.close();
    await rm(this.#dir, { recursive: true, force: true });
  }
}

export function joined(channel: Channel): Promise<{ status: string; response: any }> {
  return new Promise((resolve) => {
    channel
      .join()
      .receive("ok", (response: unknown) => resolve({ status: "ok", response }))
      .receive("error", (response: unknown) => resolve({ status: "error", response }))
      .receive("timeout", () => resolve({ status: "timeout", response: null }));
  });
}

export function pushed(channel: Channel, event: string, payload: object): Promise<{ status: string; response: any }> {
  return new Promise((resolve) => {
    channel
      .push(event, payload)
      .receive("ok", (response: unknown) => resolve({ status: "ok", response }))
      .receive("error", (response: unknown) => resolve({ status: "error", response }))
      .receive("timeout", () => resolve({ status: "timeout", response: null }));
  });
}
