import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { adminIn, audited } from "../../commands/audit.ts";
import type { HttpContext } from "../context.ts";
import { requireEventAccess } from "../guards.ts";
import { participantOf } from "../../commands/scoped.ts";
import { eventParams, idSchema, parseWith } from "../validate.ts";

const grantBody = z.strictObject({ principalId: idSchema, delegateId: idSchema });
const principalParams = eventParams.extend({ principalId: idSchema });

/** Proxy votes as chairs record them (the event's rules on caps and chains are the store's). */
export function proxyRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.get("/events/:eventId/proxies", async (request) => {
    const { eventId } = parseWith(eventParams, request.params);
    await requireEventAccess(ctx, request, eventId, "participants.view");
    return { proxies: await ctx.store.listProxies(eventId) };
  });

  app.post("/events/:eventId/proxies", async (request, reply) => {
    const { eventId } = parseWith(eventParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "proxies.manage");
    const { principalId, delegateId } = parseWith(grantBody, request.body);
    const proxy = await audited(ctx.store, adminIn(access), "proxy.grant", async (tx) => {
      await participantOf(tx, eventId, principalId);
      await participantOf(tx, eventId, delegateId);
      const granted = await tx.grantProxy(principalId, delegateId);
      return { result: granted, audit: { subject: principalId, after: granted } };
    });
    return reply.status(201).send({ proxy });
  });

  app.delete("/events/:eventId/proxies/:principalId", async (request, reply) => {
    const { eventId, principalId } = parseWith(principalParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "proxies.manage");
    await audited(ctx.store, adminIn(access), "proxy.revoke", async (tx) => {
      await participantOf(tx, eventId, principalId);
      const before = await tx.getProxy(principalId);
      await tx.revokeProxy(principalId);
      return { result: undefined, audit: before ? { subject: principalId, before } : null };
    });
    return reply.status(204).send();
  });
}
