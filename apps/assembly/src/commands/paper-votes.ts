import type { z } from "zod";
import { pollRef } from "../api/schemas/polls.ts";
import { paperCountsInput, paperVoterInput, paperVoterRef } from "../api/schemas/paper-votes.ts";
import type { AnalogCounts } from "../domain/analog-counts.ts";
import type { PaperVotesRecord, Store, StoreOperations } from "../store/store.ts";
import { actorOf, type EventAccess } from "./actor.ts";
import { adminIn, audited } from "./audit.ts";
import type { EventCommand, EventQuery } from "./command.ts";
import type { Effect } from "./effect.ts";
import { pollOf } from "./scoped.ts";

type PaperAnswer = { paper: PaperVotesRecord };

/** What a paper entry changes that people watch: results and turnout, who has voted, and the named voter's own view. */
function paperChanged(eventId: string, participantId?: string): readonly Effect[] {
  return [
    { kind: "event", eventId },
    { kind: "participants", eventId },
    ...(participantId === undefined ? [] : [{ kind: "participant" as const, eventId, participantId }]),
  ];
}

/**
 * One audited paper entry: the poll (of this event) read as it was, the
 * change, and an audit entry with the subject's before and after in the same
 * transaction. `describe` picks what the entry records of a record: in a
 * secret poll never more than who voted on paper.
 */
async function paperEntry(
  store: Store,
  access: EventAccess,
  action: string,
  pollId: string,
  change: (tx: StoreOperations) => Promise<PaperVotesRecord>,
  describe: (record: PaperVotesRecord) => unknown,
): Promise<PaperVotesRecord> {
  return audited(store, adminIn(access), action, async (tx) => {
    await pollOf(tx, access.event.id, pollId);
    const before = describe(await tx.paper.get(pollId));
    const after = await change(tx);
    return { result: after, audit: { subject: pollId, before, after: describe(after) } };
  });
}

const countsOf = (record: PaperVotesRecord) => record.counts;
const voterOf = (participantId: string) => (record: PaperVotesRecord) =>
  record.voters.find((voter) => voter.principalId === participantId) ?? null;

export const getPaperVotes: EventQuery<{ pollId: string }, PaperAnswer> = {
  name: "getPaperVotes",
  permission: "results.view",
  input: pollRef,
  async run({ store }, { event }, { pollId }) {
    await pollOf(store, event.id, pollId);
    return { paper: await store.paper.get(pollId) };
  },
};

/** Sets the poll's paper counts to what `countsIn` takes from the input (null removes them). */
function paperCountsCommand<Input extends { pollId: string }>(
  name: string,
  input: z.ZodType<Input>,
  countsIn: (input: Input) => AnalogCounts | null,
): EventCommand<Input, PaperAnswer> {
  return {
    name,
    permission: "polls.run",
    input,
    async run({ store }, access, given) {
      const { pollId } = given;
      const paper = await paperEntry(
        store,
        access,
        "poll.paper.counts",
        pollId,
        (tx) => tx.paper.setCounts(pollId, countsIn(given), actorOf(access.admin)),
        countsOf,
      );
      return { result: { paper }, effects: paperChanged(access.event.id) };
    },
  };
}

export const setPaperCounts = paperCountsCommand("setPaperCounts", paperCountsInput, ({ pollId: _, ...counts }) => counts);
export const clearPaperCounts = paperCountsCommand("clearPaperCounts", pollRef, () => null);

export const namePaperVoter: EventCommand<z.output<typeof paperVoterInput>, PaperAnswer> = {
  name: "namePaperVoter",
  permission: "polls.run",
  input: paperVoterInput,
  async run({ store }, access, { pollId, participantId, choice }) {
    const paper = await paperEntry(
      store,
      access,
      "poll.paper.voter",
      pollId,
      (tx) => tx.paper.nameVoter(pollId, participantId, choice),
      voterOf(participantId),
    );
    return { result: { paper }, effects: paperChanged(access.event.id, participantId) };
  },
};

export const removePaperVoter: EventCommand<z.output<typeof paperVoterRef>, PaperAnswer> = {
  name: "removePaperVoter",
  permission: "polls.run",
  input: paperVoterRef,
  async run({ store }, access, { pollId, participantId }) {
    const paper = await paperEntry(
      store,
      access,
      "poll.paper.voter.remove",
      pollId,
      (tx) => tx.paper.removeVoter(pollId, participantId),
      voterOf(participantId),
    );
    return { result: { paper }, effects: paperChanged(access.event.id, participantId) };
  },
};
