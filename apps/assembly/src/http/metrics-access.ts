import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { bearerOf } from "./cookies.ts";
import { HttpError } from "./http-error.ts";

export interface MetricsAccessOptions {
  /** The bearer token a scrape must present (METRICS_TOKEN). */
  readonly token?: string;
  /** `loopback`: loopback clients may read without the token (METRICS_PUBLIC). */
  readonly public?: "loopback";
}

const isLoopback = (address: string | undefined): boolean =>
  address === "::1" || address === "::ffff:127.0.0.1" || (address?.startsWith("127.") ?? false);

const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

/**
 * Who may read `/metrics`: whoever sends the token; loopback peers only when
 * opted in, because behind a proxy on the same host every client is a
 * loopback peer. With neither configured, nobody.
 */
export class MetricsAccess {
  readonly #token: Buffer | undefined;
  readonly #loopback: boolean;

  constructor(options: MetricsAccessOptions) {
    // Digests have one length, so comparing them in constant time leaks neither the token nor its length.
    this.#token = options.token === undefined ? undefined : digest(options.token);
    this.#loopback = options.public === "loopback";
  }

  /** False when no request can ever read the metrics (nothing configured). */
  get enabled(): boolean {
    return this.#token !== undefined || this.#loopback;
  }

  /** Returns when `request` may read; otherwise throws 401 (token missing or wrong, with `WWW-Authenticate`) or 403. */
  check(request: FastifyRequest, reply: FastifyReply): void {
    // With a trusted proxy, request.ip is the client behind it; both must be loopback.
    if (this.#loopback && isLoopback(request.socket.remoteAddress) && isLoopback(request.ip)) return;
    if (this.#token === undefined) {
      throw new HttpError("forbidden", this.#loopback ? "metrics are open to loopback clients only" : "metrics are off: set METRICS_TOKEN");
    }
    const given = bearerOf(request.headers.authorization);
    if (given !== undefined && timingSafeEqual(digest(given), this.#token)) return;
    reply.header("www-authenticate", 'Bearer realm="metrics"');
    throw new HttpError("unauthenticated", "send the metrics token as Authorization: Bearer <token>");
  }
}
