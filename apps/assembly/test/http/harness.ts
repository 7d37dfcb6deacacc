import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { CommandRunner } from "../../src/commands/command.ts";
import type { Effect } from "../../src/commands/effect.ts";
import { buildApp, type AppOptions } from "../../src/http/app.ts";
import { openStore } from "../../src/store/open-store.ts";
import type { Store } from "../../src/store/store.ts";
import { freshSchema } from "../store/postgres-schema.ts";

export const OWNER = { email: "owner@example.org", password: "owner-password-1" };

export interface Credentials {
  /** Cookie header value, e.g. `plenum_admin=...`. */
  readonly cookie?: string;
  /** Sent as `Authorization: Bearer ...`. */
  readonly bearer?: string;
}

/** Which database the app runs on: a fresh SQLite file, or a fresh schema on the test PostgreSQL server. */
export type Backend = "sqlite" | "postgres";

/** The store on a fresh database, a side door to run SQL on it, and its removal. */
interface TestDatabase {
  readonly store: Store;
  execute(sql: string): Promise<void>;
  remove(): Promise<void>;
}

async function sqliteDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), "plenum-http-"));
  const path = join(dir, "assembly.sqlite");
  return {
    store: await openStore({ sqlitePath: path, ballotSecret: randomBytes(32) }),
    async execute(sql) {
      const connection = new Database(path);
      try {
        connection.exec(sql);
      } finally {
        connection.close();
      }
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresDatabase(): Promise<TestDatabase> {
  const schema = await freshSchema();
  try {
    return {
      store: await openStore({ databaseUrl: schema.databaseUrl, ballotSecret: randomBytes(32) }),
      execute: async (sql) => void (await schema.query(sql)),
      remove: () => schema.drop(),
    };
  } catch (error) {
    await schema.drop();
    throw error;
  }
}

export interface Call extends Credentials {
  /** Serialized as JSON unless a string or bytes (sent as is, with `contentType`). */
  readonly body?: unknown;
  readonly contentType?: string;
  readonly query?: Record<string, string>;
  /** Further request headers (Origin, Sec-Fetch-Site...). */
  readonly headers?: Record<string, string>;
}

export interface Reply {
  readonly status: number;
  readonly json: any;
  readonly text: string;
  /** The body's bytes, for binary answers (PDFs). */
  readonly raw: Buffer;
  readonly headers: LightMyRequestResponse["headers"];
  readonly cookies: LightMyRequestResponse["cookies"];
}

/**
 * One app on a fresh database (SQLite file by default) per test file; `close`
 * removes everything. It records the effects the app's commands hand the
 * live layer, in order.
 */
export class Harness {
  readonly store: Store;
  readonly app: FastifyInstance;
  readonly #database: TestDatabase;
  readonly #effects: Effect[];

  private constructor(database: TestDatabase, app: FastifyInstance, effects: Effect[]) {
    this.store = database.store;
    this.app = app;
    this.#database = database;
    this.#effects = effects;
  }

  static async start(options: Partial<AppOptions> = {}, backend: Backend = "sqlite"): Promise<Harness> {
    const database = backend === "postgres" ? await postgresDatabase() : await sqliteDatabase();
    const effects: Effect[] = [];
    try {
      const app = await buildApp({
        store: database.store,
        commands: new CommandRunner(database.store, { apply: async (applied) => void effects.push(...applied) }),
        bootstrapAdmin: { ...OWNER, name: "Owner" },
        publicBaseUrl: "https://vote.example.org",
        ...options,
      });
      return new Harness(database, app, effects);
    } catch (error) {
      await database.store.close();
      await database.remove();
      throw error;
    }
  }

  /** The effects recorded since the last call, which empties the record. */
  takeEffects(): Effect[] {
    return this.#effects.splice(0);
  }

  /** Runs SQL on the database behind the app's back (to break it on purpose). */
  execute(sql: string): Promise<void> {
    return this.#database.execute(sql);
  }

  async call(method: string, url: string, call: Call = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...call.headers };
    if (call.cookie) headers.cookie = call.cookie;
    if (call.bearer) headers.authorization = `Bearer ${call.bearer}`;
    let payload: string | Buffer | undefined;
    if (call.body !== undefined) {
      payload = typeof call.body === "string" || Buffer.isBuffer(call.body) ? call.body : JSON.stringify(call.body);
      headers["content-type"] = call.contentType ?? "application/json";
    }
    const response = await this.app.inject({
      method: method as "GET",
      url,
      headers,
      ...(payload !== undefined ? { payload } : {}),
      ...(call.query ? { query: call.query } : {}),
    });
    let json: unknown;
    try {
      json = response.body === "" ? undefined : JSON.parse(response.body);
    } catch {
      json = undefined;
    }
    return {
      status: response.statusCode,
      json,
      text: response.body,
      raw: response.rawPayload,
      headers: response.headers,
      cookies: response.cookies,
    };
  }

  /** Signs an admin in and returns the session cookie to send back. */
  async login(email = OWNER.email, password = OWNER.password): Promise<Credentials> {
    const reply = await this.call("POST", "/api/admin/login", { body: { email, password } });
    expect(reply.status).toBe(200);
    const cookie = reply.cookies.find((candidate) => candidate.name === "plenum_admin");
    return { cookie: `plenum_admin=${cookie?.value}` };
  }

  /** Creates an admin with `role` in `eventId` (granted by `owner`) and signs them in. */
  async adminWithRole(owner: Credentials, eventId: string, role: "owner" | "chair" | "observer", email: string): Promise<Credentials> {
    const reply = await this.call("PUT", `/api/events/${eventId}/roles`, {
      ...owner,
      body: { email, role, name: role, password: "long-enough-password" },
    });
    expect(reply.status).toBe(200);
    return this.login(email, "long-enough-password");
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.store.close();
    await this.#database.remove();
  }
}

/** Asserts the API's error shape and returns the error. */
export function expectError(reply: Reply, status: number, code?: string): { code: string; message: string; details?: unknown } {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.json).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
  if (code !== undefined) expect(reply.json.error.code).toBe(code);
  return reply.json.error;
}

export interface EventFixture {
  readonly owner: Credentials;
  readonly eventId: string;
  readonly agendaItemId: string;
  /** Participant ids in the order of `names`. */
  readonly participantIds: string[];
  /** Invitation tokens by participant index. */
  readonly tokens: string[];
}

/** A fresh open event with one agenda item and invited participants. */
export async function eventWithParticipants(
  h: Harness,
  names: readonly string[],
  settings: Record<string, unknown> = {},
): Promise<EventFixture> {
  const owner = await h.login();
  const created = await h.call("POST", "/api/events", {
    ...owner,
    body: { name: `Assembly ${Math.random()}`, timezone: "Europe/Berlin", settings },
  });
  expect(created.status).toBe(201);
  const eventId: string = created.json.event.id;
  const agenda = await h.call("POST", `/api/events/${eventId}/agenda`, { ...owner, body: { title: "Motions" } });
  const participantIds: string[] = [];
  const tokens: string[] = [];
  for (const name of names) {
    const added = await h.call("POST", `/api/events/${eventId}/participants`, {
      ...owner,
      body: { name, email: `${name.toLowerCase().replace(/[^a-z0-9]/g, "")}@example.org` },
    });
    expect(added.status).toBe(201);
    participantIds.push(added.json.participant.id);
    const invited = await h.call("POST", `/api/events/${eventId}/participants/${added.json.participant.id}/invitation`, owner);
    tokens.push(invited.json.token);
  }
  expect((await h.call("POST", `/api/events/${eventId}/open`, owner)).status).toBe(200);
  return { owner, eventId, agendaItemId: agenda.json.item.id, participantIds, tokens };
}

export const motionText =
  "The assembly resolves to plant trees in every town square of the region this year.\n\nIt asks the board to report back.";

/** Motion A1 "Trees" on the fixture's agenda item, filed by the owner. */
export async function createMotion(h: Harness, f: EventFixture, extra: Record<string, unknown> = {}) {
  const reply = await h.call("POST", `/api/events/${f.eventId}/motions`, {
    ...f.owner,
    body: {
      number: "A1",
      title: "Trees",
      text: motionText,
      submitters: [{ kind: "name", name: "Board" }],
      agendaItemId: f.agendaItemId,
      ...extra,
    },
  });
  expect(reply.status, reply.text).toBe(201);
  return reply.json.motion as { id: string; state: string };
}
