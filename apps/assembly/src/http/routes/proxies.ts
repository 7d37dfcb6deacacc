import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { recordAudit } from "../audit-trail.ts";
import type { HttpContext } from "../context.ts";
import { requireEventAccess } from "../guards.ts";
import { participantOf } from "../scoped.ts";
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
    await participantOf(ctx.store, eventId, principalId);
    await participantOf(ctx.store, eventId, delegateId);
    const proxy = await ctx.store.grantProxy(principalId, delegateId);
    await recordAudit(ctx, access, "proxy.grant", { subject: principalId, after: proxy });
    return reply.status(201).send({ proxy });
  });

  app.delete("/events/:eventId/proxies/:principalId", async (request, reply) => {
    const { eventId, principalId } = parseWith(principalParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "proxies.manage");
    await participantOf(ctx.store, eventId, principalId);
    const before = await ctx.store.getProxy(principalId);
    await ctx.store.revokeProxy(principalId);
    if (before) await recordAudit(ctx, access, "proxy.revoke", { subject: principalId, before });
    return reply.status(204).send();
  });
}
