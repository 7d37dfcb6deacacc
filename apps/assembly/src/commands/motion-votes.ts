import type { z } from "zod";
import { linkPollInput, motionPollInput } from "../api/schemas/motions.ts";
import { DomainError } from "../domain/errors.ts";
import type { Poll } from "../domain/poll.ts";
import type { MotionPollLink, StoreOperations } from "../store/store.ts";
import { type AuditActor, adminIn, audited } from "./audit.ts";
import type { EventCommand } from "./command.ts";
import { eventChanged, motionsChanged, type Effect } from "./effect.ts";
import { amendmentOf, motionOf, pollOf } from "./scoped.ts";

/*
 * A vote on a motion or an amendment is an ordinary poll that decides it:
 * the poll runs as every poll does, and when its result is published the
 * workflow's vote rule moves what it decides (see `publishedVote`).
 */

async function checkedLink(tx: StoreOperations, eventId: string, motionId: string, amendmentId: string | undefined) {
  const motion = await motionOf(tx, eventId, motionId);
  const amendment = amendmentId === undefined ? null : await amendmentOf(tx, eventId, motionId, amendmentId);
  return { motion, amendment, link: { motionId, amendmentId: amendment?.id ?? null } satisfies MotionPollLink };
}

/** A yes/no/abstain poll on the motion's agenda item (or the one given) that decides the motion or one amendment. */
export const createMotionPoll: EventCommand<z.output<typeof motionPollInput>, { poll: Poll }> = {
  name: "createMotionPoll",
  permission: "polls.manage",
  input: motionPollInput,
  async run({ store }, access, { motionId, amendmentId, agendaItemId, title, secret }) {
    const eventId = access.event.id;
    const poll = await audited(store, adminIn(access), "poll.create", async (tx) => {
      const { motion, amendment, link } = await checkedLink(tx, eventId, motionId, amendmentId);
      const itemId = agendaItemId ?? motion.agendaItemId;
      if (itemId === null)
        throw new DomainError("invalid", "the motion has no agenda item: choose one for the vote", { field: "agendaItemId" });
      const motionName = motion.number === null ? motion.title : `${motion.number}: ${motion.title}`;
      const name = amendment === null ? motionName : `${amendment.number ?? `${amendment.lineFrom}–${amendment.lineTo}`} (${motionName})`;
      const created = await tx.polls.create(eventId, {
        agendaItemId: itemId,
        title: title ?? name.slice(0, 200),
        kind: "yes_no_abstain",
        secret,
      });
      await tx.motions.linkPoll(created.id, link);
      return { result: created, audit: { subject: created.id, after: { ...created, decides: link } } };
    });
    return { result: { poll }, effects: [...eventChanged(eventId), ...motionsChanged(eventId, motionId)] };
  },
};

/** Makes an existing draft poll decide the motion or one amendment. */
export const linkMotionPoll: EventCommand<z.output<typeof linkPollInput>, { poll: Poll }> = {
  name: "linkMotionPoll",
  permission: "polls.manage",
  input: linkPollInput,
  async run({ store }, access, { motionId, amendmentId, pollId }) {
    const eventId = access.event.id;
    const poll = await audited(store, adminIn(access), "poll.link", async (tx) => {
      const poll = await pollOf(tx, eventId, pollId);
      const { link } = await checkedLink(tx, eventId, motionId, amendmentId);
      const before = await tx.motions.pollLink(pollId);
      await tx.motions.linkPoll(pollId, link);
      return { result: poll, audit: { subject: pollId, before, after: link } };
    });
    return { result: { poll }, effects: motionsChanged(eventId, motionId) };
  },
};

/**
 * Once a deciding poll's result is published, what it decides takes the
 * workflow's step for the outcome, audited as its own entry in the same
 * transaction as the publication. Returns the effects for its views.
 */
export async function publishedVote(tx: StoreOperations, who: AuditActor, pollId: string): Promise<readonly Effect[]> {
  const link = await tx.motions.pollLink(pollId);
  if (link === null) return [];
  const { tally } = await tx.ballots.tally(pollId);
  const change = await tx.motions.decideByPoll(pollId, tally.outcome);
  if (change !== null) {
    await tx.audit.append({
      ...who,
      action: link.amendmentId === null ? "motion.vote" : "amendment.vote",
      subject: change.after.id,
      before: { state: change.before.state },
      after: { state: change.after.state, pollId, outcome: tally.outcome },
    });
  }
  return motionsChanged(who.eventId!, link.motionId);
}

/** The motion book's effects of a step of a poll that decides something (its status shows beside the motion). */
export async function linkedPollEffects(tx: StoreOperations, eventId: string, pollId: string): Promise<readonly Effect[]> {
  const link = await tx.motions.pollLink(pollId);
  return link === null ? [] : motionsChanged(eventId, link.motionId);
}
