import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Participant } from "../../domain/participant.ts";
import type { Poll } from "../../domain/poll.ts";
import type { HttpContext } from "../context.ts";
import { requireParticipant } from "../guards.ts";
import { notFound } from "../http-error.ts";
import { pollOf } from "../scoped.ts";
import { idSchema, parseWith } from "../validate.ts";

const pollParams = z.object({ pollId: idSchema });
const receiptParams = z.object({ receipt: z.string().min(1).max(200) });
export const ballotBody = z.strictObject({
  ballotId: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, "16 to 128 characters of A-Z a-z 0-9 _ -"),
  /** Whose vote this is; default the participant themselves, else someone whose proxy they hold. */
  principalId: idSchema.optional(),
  choice: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("abstain") }),
    z.strictObject({ kind: z.literal("options"), optionIds: z.array(z.string().max(40)).max(100) }),
  ]),
});

/** The poll `pollId` if participants of its event can see it (not a draft), else 404. */
async function pollForParticipant(ctx: HttpContext, participant: Participant, pollId: string): Promise<Poll> {
  const poll = await pollOf(ctx.store, participant.eventId, pollId);
  if (poll.status === "draft") throw notFound("poll");
  return poll;
}

/**
 * Polls past draft, by event: a poll never changes event and never returns to
 * draft, so once seen it needs no query per ballot (its status is checked by
 * `castBallot` inside the write). Bounded, oldest forgotten first.
 */
class VisiblePolls {
  readonly #eventOf = new Map<string, string>();

  async check(ctx: HttpContext, participant: Participant, pollId: string): Promise<void> {
    const eventId = this.#eventOf.get(pollId);
    if (eventId === participant.eventId) return;
    if (eventId !== undefined) throw notFound("poll");
    await pollForParticipant(ctx, participant, pollId);
    if (this.#eventOf.size >= 1000) this.#eventOf.delete(this.#eventOf.keys().next().value!);
    this.#eventOf.set(pollId, participant.eventId);
  }
}

/**
 * Voting. A ballot is answered only after it is committed; retrying with the
 * same `ballotId` returns the same receipt, a different one for the same
 * principal is 409 `already_voted`.
 */
export function ballotRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const visiblePolls = new VisiblePolls();
  app.post("/participant/polls/:pollId/ballots", async (request) => {
    const participant = await requireParticipant(ctx, request);
    const { pollId } = parseWith(pollParams, request.params);
    const input = parseWith(ballotBody, request.body);
    await visiblePolls.check(ctx, participant, pollId);
    const receipt = await ctx.store.castBallot({
      ballotId: input.ballotId,
      pollId,
      principalId: input.principalId ?? participant.id,
      voterId: participant.id,
      choice: input.choice,
    });
    return { receipt };
  });

  app.get("/participant/polls/:pollId/entitlements", async (request) => {
    const participant = await requireParticipant(ctx, request);
    const { pollId } = parseWith(pollParams, request.params);
    await pollForParticipant(ctx, participant, pollId);
    return { entitlements: await ctx.store.listEntitlements(pollId, participant.id) };
  });

  app.get("/participant/receipts/:receipt", async (request) => {
    const participant = await requireParticipant(ctx, request);
    const { receipt } = parseWith(receiptParams, request.params);
    const check = await ctx.store.verifyReceipt(receipt);
    if (check.pollId === null) return { counted: false, pollId: null };
    const poll = await ctx.store.getPoll(check.pollId);
    // A receipt of another event says nothing to this participant.
    return poll.eventId === participant.eventId ? check : { counted: false, pollId: null };
  });
}
