import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ssoRoutes } from "../../api/routes/sso.ts";
import { beginSsoLogin, completeSsoLogin, eventSso, saveEventSso, SSO_LOGIN_TTL_MS, ssoStatus } from "../../commands/sso.ts";
import { type DomainErrorCode, isDomainError } from "../../domain/errors.ts";
import type { HttpContext } from "../context.ts";
import { SSO_LOGIN_COOKIE } from "../cookies.ts";
import { eventCommand, eventQuery } from "../handlers.ts";
import { inputOf, mountRoutes } from "../mount.ts";
import { rateLimited } from "../rate-limit.ts";

/** Refusals of a callback that count as a failed sign-in against the client's budget, like an unknown link token. */
const FAILED_SIGN_IN = new Set<DomainErrorCode>([
  "sso_state_invalid",
  "sso_failed",
  "sso_claim_missing",
  "sso_no_match",
  "sso_ambiguous",
  "sso_revoked",
]);

/**
 * A refusal, as the browser navigating here sees it: back on the event's join
 * page with the error's code, which the page shows from the catalogue.
 * Anything that is no refusal is left to the error handler (500).
 */
function backToJoin(reply: FastifyReply, error: unknown, eventId?: string): FastifyReply {
  if (!isDomainError(error)) throw error;
  const details = error.details as { eventId?: unknown } | undefined;
  const event = typeof details?.eventId === "string" ? details.eventId : eventId;
  const query = new URLSearchParams({ ...(event ? { event } : {}), error: error.code });
  return reply.redirect(`/join?${query}`, 303);
}

/** The query string exactly as the provider's redirect carried it: the checks read it as sent. */
const rawQuery = (request: FastifyRequest): string => request.raw.url?.split("?")[1] ?? "";

/**
 * Single sign-on (see `commands/sso.ts`). The login and the callback are
 * top-level GET navigations (the callback comes from the provider's page,
 * with no Origin of ours), so they change nothing a foreign page could
 * want: the login only records a state bound to this browser's cookie, and
 * the callback signs in only the browser holding that cookie.
 */
export function serveSso(app: FastifyInstance, ctx: HttpContext): void {
  const provider = ctx.identityProvider;
  const begin = beginSsoLogin(provider);
  const complete = completeSsoLogin(provider);
  const status = ssoStatus(provider);
  mountRoutes(
    app,
    ssoRoutes,
    {
      ssoStatus: async (request) => ctx.commands.query(status, null, inputOf(request)),
      async ssoLogin(request, reply) {
        const { eventId } = request.params as { eventId?: string };
        try {
          const { authorizationUrl, browserSecret } = await ctx.commands.run(begin, null, inputOf(request));
          ctx.cookies.setSsoLogin(reply, browserSecret, SSO_LOGIN_TTL_MS / 1000);
          return reply.redirect(authorizationUrl, 303);
        } catch (error) {
          return backToJoin(reply, error, eventId);
        }
      },
      async ssoCallback(request, reply) {
        const query = rawQuery(request);
        const state = new URLSearchParams(query).get("state");
        const browserSecret = request.cookies[SSO_LOGIN_COOKIE];
        ctx.cookies.clearSsoLogin(reply);
        try {
          const { token } = await ctx.commands.run(complete, null, {
            query,
            ...(state !== null ? { state } : {}),
            ...(browserSecret !== undefined ? { browserSecret } : {}),
          });
          ctx.cookies.setParticipant(reply, token);
          return reply.redirect("/p", 303);
        } catch (error) {
          if (isDomainError(error) && FAILED_SIGN_IN.has(error.code)) ctx.tokenLimiter.hit(request.ip);
          return backToJoin(reply, error);
        }
      },
      eventSso: eventQuery(ctx, eventSso(provider)),
      saveEventSso: eventCommand(ctx, saveEventSso(provider)),
    },
    { ssoLogin: rateLimited(ctx.tokenLimiter), ssoCallback: rateLimited(ctx.tokenLimiter) },
  );
}
