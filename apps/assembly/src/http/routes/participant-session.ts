import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { authenticateParticipant } from "../../auth/participant-auth.ts";
import { hashToken } from "../../auth/token.ts";
import type { Participant } from "../../domain/participant.ts";
import type { Store } from "../../store/store.ts";
import type { HttpContext } from "../context.ts";
import { requireParticipant } from "../guards.ts";
import { HttpError } from "../http-error.ts";
import { rateLimited } from "../rate-limit.ts";
import { parseWith } from "../validate.ts";

const exchangeBody = z.strictObject({ token: z.string().max(200) });

/** What a participant sees about themselves: their record, presence and proxies both ways. */
export async function participantSelf(store: Store, participant: Participant) {
  const [present, proxies] = await Promise.all([store.isPresent(participant.id), store.listProxies(participant.eventId)]);
  const delegatedTo = proxies.find((proxy) => proxy.principalId === participant.id)?.delegateId ?? null;
  const principalIds = proxies.filter((proxy) => proxy.delegateId === participant.id).map((proxy) => proxy.principalId);
  const nameOf = async (id: string) => ({ id, name: (await store.getParticipant(id)).name });
  return {
    participant: {
      id: participant.id,
      eventId: participant.eventId,
      name: participant.name,
      email: participant.email,
      group: participant.group,
      region: participant.region,
      weight: participant.weight,
      eligible: participant.eligible,
    },
    present,
    delegatedTo: delegatedTo === null ? null : await nameOf(delegatedTo),
    principals: await Promise.all(principalIds.map(nameOf)),
  };
}

/**
 * Participant sign-in by invitation token: the token from the link is
 * exchanged for an HttpOnly cookie (so it leaves the address bar and
 * history), and stays the credential: revoking the link signs them out.
 */
export function participantSessionRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.post("/participant/session", rateLimited(ctx.tokenLimiter), async (request, reply) => {
    const { token } = parseWith(exchangeBody, request.body);
    const participant = await authenticateParticipant(ctx.store, token);
    if (!participant) {
      ctx.tokenLimiter.hit(request.ip);
      throw new HttpError("invalid_token", "this invitation link is not valid (any more)");
    }
    // "Opened their link": reminders go to those who never did.
    await ctx.store.recordInvitationUse(hashToken(token));
    ctx.cookies.setParticipant(reply, token);
    return participantSelf(ctx.store, participant);
  });

  app.delete("/participant/session", async (_request, reply) => {
    ctx.cookies.clearParticipant(reply);
    return reply.status(204).send();
  });

  app.get("/participant/me", async (request) => participantSelf(ctx.store, await requireParticipant(ctx, request)));
}
