import type { FastifyInstance } from "fastify";
import { participantSessionRoutes } from "../../api/routes/participant-session.ts";
import { selfCheckIn, selfCheckOut } from "../../commands/attendance.ts";
import { participantMe, participantSignIn } from "../../commands/participant-session.ts";
import { takeBackProxy } from "../../commands/proxies.ts";
import type { HttpContext } from "../context.ts";
import { participantCommand, participantQuery, signIn } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";
import { rateLimited } from "../rate-limit.ts";

/**
 * The participant side (see `commands/participant-session.ts`): the token
 * from the invitation link becomes an HttpOnly cookie, so it leaves the
 * address bar and history; then presence and taking a proxy back.
 */
export function serveParticipantSession(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(
    app,
    participantSessionRoutes,
    {
      async participantSignIn(request, reply) {
        const { token, self } = await signIn(ctx, request, ctx.tokenLimiter, "invalid_token", participantSignIn);
        ctx.cookies.setParticipant(reply, token);
        return self;
      },
      async participantSignOut(_request, reply) {
        ctx.cookies.clearParticipant(reply);
        return reply.status(204).send();
      },
      participantMe: participantQuery(ctx, participantMe),
      selfCheckIn: participantCommand(ctx, selfCheckIn),
      selfCheckOut: participantCommand(ctx, selfCheckOut),
      takeBackProxy: participantCommand(ctx, takeBackProxy, 204),
    },
    { participantSignIn: rateLimited(ctx.tokenLimiter) },
  );
}
