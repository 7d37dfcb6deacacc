import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { PollStatus } from "../../domain/poll.ts";
import { adminIn, audited } from "../audit-trail.ts";
import type { HttpContext } from "../context.ts";
import { requireEventAccess } from "../guards.ts";
import { HttpError } from "../http-error.ts";
import { pollOf } from "../scoped.ts";
import { eventParams, idSchema, parseWith } from "../validate.ts";

const fraction = { numerator: z.number().int(), denominator: z.number().int() };
const majoritySchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("simple") }),
  z.strictObject({ kind: z.literal("absolute") }),
  z.strictObject({ kind: z.literal("two_thirds") }),
  z.strictObject({ kind: z.literal("threshold"), ...fraction }),
]);
const quorumSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("weight"), minWeight: z.number().int() }),
  z.strictObject({ kind: z.literal("fraction"), ...fraction }),
]);

const pollFields = {
  title: z.string().max(300),
  description: z.string().max(20_000).optional(),
  kind: z.enum(["yes_no_abstain", "single_choice", "multiple_choice"]),
  options: z
    .array(z.strictObject({ id: z.string().max(40).optional(), label: z.string().max(300) }))
    .max(100)
    .optional(),
  minChoices: z.number().int().optional(),
  maxChoices: z.number().int().optional(),
  allowAbstain: z.boolean().optional(),
  secret: z.boolean().optional(),
  majority: majoritySchema.optional(),
  abstentionsCount: z.boolean().optional(),
  quorum: quorumSchema.nullable().optional(),
};
const newPollBody = z.strictObject({ agendaItemId: idSchema, ...pollFields });
const pollPatchBody = newPollBody.partial();
const pollParams = eventParams.extend({ pollId: idSchema });

/** Results exist once voting has ended; a running tally would sway the vote. */
function requireEnded(status: PollStatus): void {
  if (status === "draft" || status === "open") {
    throw new HttpError("results_not_available", "results are available once the poll is closed", { status });
  }
}

/** Polls: drafts (create, edit, delete), the open → close → publish run, results and named ballots. */
export function pollRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.get("/events/:eventId/polls", async (request) => {
    const { eventId } = parseWith(eventParams, request.params);
    await requireEventAccess(ctx, request, eventId, "event.view");
    return { polls: await ctx.store.listPolls(eventId) };
  });

  app.post("/events/:eventId/polls", async (request, reply) => {
    const { eventId } = parseWith(eventParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "polls.manage");
    const input = parseWith(newPollBody, request.body);
    const poll = await audited(ctx.store, adminIn(access), "poll.create", async (tx) => {
      const created = await tx.createPoll(eventId, input);
      return { result: created, audit: { subject: created.id, after: created } };
    });
    return reply.status(201).send({ poll });
  });

  app.get("/events/:eventId/polls/:pollId", async (request) => {
    const { eventId, pollId } = parseWith(pollParams, request.params);
    await requireEventAccess(ctx, request, eventId, "event.view");
    return { poll: await pollOf(ctx.store, eventId, pollId) };
  });

  app.patch("/events/:eventId/polls/:pollId", async (request) => {
    const { eventId, pollId } = parseWith(pollParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "polls.manage");
    const patch = parseWith(pollPatchBody, request.body);
    const poll = await audited(ctx.store, adminIn(access), "poll.update", async (tx) => {
      const before = await pollOf(tx, eventId, pollId);
      const after = await tx.updatePoll(pollId, patch);
      return { result: after, audit: { subject: pollId, before, after } };
    });
    return { poll };
  });

  app.delete("/events/:eventId/polls/:pollId", async (request, reply) => {
    const { eventId, pollId } = parseWith(pollParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "polls.manage");
    await audited(ctx.store, adminIn(access), "poll.delete", async (tx) => {
      const before = await pollOf(tx, eventId, pollId);
      await tx.deletePoll(pollId);
      return { result: undefined, audit: { subject: pollId, before } };
    });
    return reply.status(204).send();
  });

  const transitions: readonly [string, PollStatus][] = [
    ["open", "open"],
    ["close", "closed"],
    ["publish", "published"],
  ];
  for (const [verb, status] of transitions) {
    app.post(`/events/:eventId/polls/:pollId/${verb}`, async (request) => {
      const { eventId, pollId } = parseWith(pollParams, request.params);
      const access = await requireEventAccess(ctx, request, eventId, "polls.run");
      const poll = await audited(ctx.store, adminIn(access), `poll.${verb}`, async (tx) => {
        const before = await pollOf(tx, eventId, pollId);
        const after = await tx.setPollStatus(pollId, status);
        return { result: after, audit: { subject: pollId, before: { status: before.status }, after: { status } } };
      });
      return { poll };
    });
  }

  app.get("/events/:eventId/polls/:pollId/results", async (request) => {
    const { eventId, pollId } = parseWith(pollParams, request.params);
    await requireEventAccess(ctx, request, eventId, "results.view");
    requireEnded((await pollOf(ctx.store, eventId, pollId)).status);
    return await ctx.store.tallyPoll(pollId);
  });

  app.get("/events/:eventId/polls/:pollId/ballots", async (request) => {
    const { eventId, pollId } = parseWith(pollParams, request.params);
    await requireEventAccess(ctx, request, eventId, "results.view");
    const poll = await pollOf(ctx.store, eventId, pollId);
    requireEnded(poll.status);
    if (poll.secret) throw new HttpError("secret_poll", "ballots of a secret poll are not linked to anyone");
    return { ballots: await ctx.store.listNamedBallots(pollId) };
  });
}
