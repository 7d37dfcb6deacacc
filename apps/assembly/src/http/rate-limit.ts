import type { FastifyReply, FastifyRequest } from "fastify";
import type { RateLimiter } from "../auth/rate-limiter.ts";
import { HttpError } from "./http-error.ts";

/** 429 with Retry-After when `key` (default: the client address) is over the limiter's budget. */
export function enforceLimit(limiter: RateLimiter, request: FastifyRequest, reply: FastifyReply, key = request.ip): void {
  const decision = limiter.check(key);
  if (decision.allowed) return;
  reply.header("retry-after", String(decision.retryAfterSeconds));
  throw new HttpError("rate_limited", `too many failed attempts, retry in ${decision.retryAfterSeconds} s`);
}
