import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, type Registry } from "prom-client";
import { z } from "zod";
import type { PushOptions } from "../channel/channel.ts";
import type { PresencePort } from "../channel/presence-port.ts";
import type { BoundedLog } from "../transport/bounded-log.ts";
import { answerJson } from "../transport/json-answer.ts";
import { discardBody, readBody } from "../transport/read-body.ts";
import { BearerToken } from "./bearer-token.ts";

export interface ServerApiOptions {
  /** The shared secret callers send as `Authorization: Bearer <token>` (at least 32 characters). */
  readonly token: string;
  /** Where the routes live. Default `/api/realtime`. */
  readonly path?: string;
  /** Largest request body. Default 1 MiB. */
  readonly maxBodyBytes?: number;
}

/** What the API acts on: the endpoint. */
export interface ServerApiTarget {
  readonly presence: Pick<PresencePort, "list"> | undefined;
  broadcast(topic: string, event: string, payload: unknown, options?: PushOptions): void;
  disconnect(socketId: string): void;
  subscriberCount(topic: string): number;
}

/** Events the protocol or presence owns: a publisher must not forge them. */
const RESERVED_EVENT = /^(phx_|presence_(state|diff)$)/;

const name = (what: string) => z.string().min(1, `${what} must not be empty`).max(255, `${what} must be at most 255 characters`);

const publishBody = z
  .object({
    topic: name("topic").refine((topic) => topic !== "phoenix", 'topic "phoenix" is the protocol\'s own'),
    event: name("event").refine(
      (event) => !RESERVED_EVENT.test(event),
      "event is reserved by the protocol (phx_*, presence_state, presence_diff)",
    ),
    payload: z.record(z.string(), z.unknown(), "payload must be a JSON object").default({}),
    coalesce: name("coalesce").optional(),
  })
  .strict();

const disconnectBody = z.object({ socketId: name("socketId") }).strict();

class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/**
 * The server API: other programs of the application (a worker, a cron job,
 * another service) publish to topics, disconnect sockets and read presence
 * counts over HTTP, as with Centrifugo's server API. Every request carries
 * the bearer token; requests from browsers (any `Origin` header) are
 * refused, since no page should ever hold the token. Bad input gets 400 with
 * what is wrong, and nothing is published.
 *
 *   POST <path>/publish     {topic, event, payload?, coalesce?} → {ok: true}
 *   POST <path>/disconnect  {socketId}                          → {ok: true}
 *   GET  <path>/presence/<topic>                                → {topic, keys, presences, localSubscribers}
 */
export class ServerApi {
  readonly #target: ServerApiTarget;
  readonly #token: BearerToken;
  readonly #path: string;
  readonly #maxBodyBytes: number;
  readonly #log: BoundedLog;
  readonly #requests: Counter<"route" | "status">;

  constructor(target: ServerApiTarget, options: ServerApiOptions, registry: Registry, log: BoundedLog) {
    this.#target = target;
    this.#token = new BearerToken(options.token, "serverApi.token");
    this.#path = options.path ?? "/api/realtime";
    if (!/^\/[^?#]*[^/?#]$/.test(this.#path))
      throw new TypeError(`serverApi.path must start with "/" and not end with one, got ${this.#path}`);
    this.#maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
    if (!Number.isInteger(this.#maxBodyBytes) || this.#maxBodyBytes < 1)
      throw new RangeError("serverApi.maxBodyBytes must be a positive integer");
    this.#log = log;
    this.#requests = new Counter({
      name: "plenum_server_api_requests_total",
      help: "Server API requests, by route and HTTP status",
      labelNames: ["route", "status"],
      registers: [registry],
    });
  }

  /** Serves the request if its path is the API's; returns false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== this.#path && !url.pathname.startsWith(`${this.#path}/`)) return false;
    const route = url.pathname.slice(this.#path.length);
    const label =
      route === "/publish" || route === "/disconnect" ? route.slice(1) : route.startsWith("/presence/") ? "presence" : "unknown";
    this.#serve(route, req)
      .then((body) => {
        this.#requests.inc({ route: label, status: 200 });
        answerJson(res, 200, body);
      })
      .catch((error: unknown) => {
        const failure = error instanceof ApiError ? error : new ApiError(500, "internal", "the request failed");
        this.#requests.inc({ route: label, status: failure.status });
        const { status, code, message, details } = failure;
        const headers: Record<string, string> = status === 401 ? { "www-authenticate": 'Bearer realm="plenum"' } : {};
        answerJson(res, status, { error: details === undefined ? { code, message } : { code, message, details } }, headers);
      });
    return true;
  }

  async #serve(route: string, req: IncomingMessage): Promise<unknown> {
    if (req.headers.origin !== undefined) {
      await discardBody(req);
      throw new ApiError(403, "forbidden_origin", "the server API is not for browsers: requests with an Origin header are refused");
    }
    if (!this.#token.admits(req.headers.authorization)) {
      await discardBody(req);
      this.#log.warn(
        "server_api_auth",
        { remoteAddress: req.socket.remoteAddress },
        "server API request refused: missing or wrong bearer token",
      );
      throw new ApiError(401, "unauthorized", "send the server API token as Authorization: Bearer <token>");
    }
    if (route === "/publish" || route === "/disconnect") {
      if (req.method !== "POST") throw await this.#wrongMethod(req, "POST");
      const body = await this.#json(req);
      if (route === "/publish") {
        const { topic, event, payload, coalesce } = parse(publishBody, body);
        this.#target.broadcast(topic, event, payload, coalesce === undefined ? {} : { coalesce });
      } else {
        this.#target.disconnect(parse(disconnectBody, body).socketId);
      }
      return { ok: true };
    }
    if (route.startsWith("/presence/")) {
      if (req.method !== "GET") throw await this.#wrongMethod(req, "GET");
      return this.#presence(route.slice("/presence/".length));
    }
    await discardBody(req);
    throw new ApiError(404, "not_found", "no such server API route (publish, disconnect, presence/<topic>)");
  }

  #presence(encoded: string): unknown {
    let topic: string;
    try {
      topic = decodeURIComponent(encoded);
    } catch {
      throw new ApiError(400, "invalid_request", "the topic in the path is not valid percent-encoding");
    }
    if (topic === "") throw new ApiError(400, "invalid_request", "name a topic: presence/<topic>");
    const presence = this.#target.presence;
    if (!presence) throw new ApiError(404, "presence_disabled", "presence is not enabled on this endpoint");
    const list = presence.list(topic);
    const keys = Object.keys(list);
    return {
      topic,
      keys: keys.length,
      presences: keys.reduce((sum, key) => sum + list[key]!.metas.length, 0),
      localSubscribers: this.#target.subscriberCount(topic),
    };
  }

  async #wrongMethod(req: IncomingMessage, allowed: string): Promise<ApiError> {
    await discardBody(req);
    return new ApiError(405, "method_not_allowed", `use ${allowed} for this route`);
  }

  async #json(req: IncomingMessage): Promise<unknown> {
    const mediaType = req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
    if (mediaType !== "application/json") {
      await discardBody(req);
      throw new ApiError(415, "unsupported_media_type", "send the body as Content-Type: application/json");
    }
    const body = await readBody(req, this.#maxBodyBytes);
    if (!body) throw new ApiError(413, "body_too_large", `the body is over ${this.#maxBodyBytes} bytes`);
    try {
      return JSON.parse(body.toString("utf8"));
    } catch {
      throw new ApiError(400, "invalid_json", "the body is not valid JSON");
    }
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  throw new ApiError(400, "invalid_request", details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; "), details);
}
