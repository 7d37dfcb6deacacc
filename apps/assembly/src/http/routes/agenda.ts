import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { adminIn, audited } from "../../commands/audit.ts";
import type { HttpContext } from "../context.ts";
import { requireEventAccess } from "../guards.ts";
import { agendaItemOf } from "../../commands/scoped.ts";
import { eventParams, idSchema, parseWith } from "../validate.ts";

const itemParams = eventParams.extend({ itemId: idSchema });
const newItemBody = z.strictObject({
  title: z.string().max(300),
  description: z.string().max(20_000).optional(),
  position: z.number().int().min(0).optional(),
});
const itemPatchBody = z.strictObject({ title: z.string().max(300), description: z.string().max(20_000) }).partial();
const moveBody = z.strictObject({ position: z.number().int().min(0) });

/** The event's agenda: list, add, edit, reorder, delete (only items without polls). */
export function agendaRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.get("/events/:eventId/agenda", async (request) => {
    const { eventId } = parseWith(eventParams, request.params);
    await requireEventAccess(ctx, request, eventId, "event.view");
    return { items: await ctx.store.listAgendaItems(eventId) };
  });

  app.post("/events/:eventId/agenda", async (request, reply) => {
    const { eventId } = parseWith(eventParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "agenda.edit");
    const input = parseWith(newItemBody, request.body);
    const item = await audited(ctx.store, adminIn(access), "agenda.add", async (tx) => {
      const added = await tx.addAgendaItem(eventId, input);
      return { result: added, audit: { subject: added.id, after: added } };
    });
    return reply.status(201).send({ item });
  });

  app.patch("/events/:eventId/agenda/:itemId", async (request) => {
    const { eventId, itemId } = parseWith(itemParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "agenda.edit");
    const patch = parseWith(itemPatchBody, request.body);
    const item = await audited(ctx.store, adminIn(access), "agenda.update", async (tx) => {
      const before = await agendaItemOf(tx, eventId, itemId);
      const after = await tx.updateAgendaItem(itemId, patch);
      return { result: after, audit: { subject: itemId, before, after } };
    });
    return { item };
  });

  app.post("/events/:eventId/agenda/:itemId/move", async (request) => {
    const { eventId, itemId } = parseWith(itemParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "agenda.edit");
    const { position } = parseWith(moveBody, request.body);
    const items = await audited(ctx.store, adminIn(access), "agenda.move", async (tx) => {
      const before = await agendaItemOf(tx, eventId, itemId);
      const order = await tx.moveAgendaItem(itemId, position);
      return { result: order, audit: { subject: itemId, before: { position: before.position }, after: { position } } };
    });
    return { items };
  });

  app.delete("/events/:eventId/agenda/:itemId", async (request, reply) => {
    const { eventId, itemId } = parseWith(itemParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "agenda.edit");
    await audited(ctx.store, adminIn(access), "agenda.delete", async (tx) => {
      const before = await agendaItemOf(tx, eventId, itemId);
      await tx.deleteAgendaItem(itemId);
      return { result: undefined, audit: { subject: itemId, before } };
    });
    return reply.status(204).send();
  });
}
