import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from "fastify";
import type { RateLimiter } from "../auth/rate-limiter.ts";
import { HttpError } from "./http-error.ts";

/** 429 with Retry-After when `key` (default: the client address) is over the limiter's budget. */
export function enforceLimit(limiter: RateLimiter, request: FastifyRequest, reply: FastifyReply, key = request.ip): void {
  const decision = limiter.check(key);
  if (decision.allowed) return;
  reply.header("retry-after", String(decision.retryAfterSeconds));
  throw new HttpError("rate_limited", `too many failed attempts, retry in ${decision.retryAfterSeconds} s`);
}

/**
 * Route hooks of a guessing-prone route (sign-in): over-budget clients are
 * refused before the body is read, and every 5xx answer counts as a failed
 * attempt, so an input that breaks the server is no free guess. The handler
 * still `hit`s its own refusals (wrong password, unknown token).
 */
export function rateLimited(limiter: RateLimiter): Pick<RouteShorthandOptions, "onRequest" | "onSend"> {
  return {
    onRequest: async (request, reply) => enforceLimit(limiter, request, reply),
    onSend: async (request, reply, payload) => {
      if (reply.statusCode >= 500) limiter.hit(request.ip);
      return payload;
    },
  };
}
