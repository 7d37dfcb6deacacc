import { pollParams } from "../api/schemas/ballots.ts";
import { pollRef } from "../api/schemas/polls.ts";
import type { PublishedReceipts } from "../api/routes/ballots.ts";
import type { Poll } from "../domain/poll.ts";
import { requireReceiptsPublished } from "../domain/receipt.ts";
import type { Store } from "../store/store.ts";
import type { ParticipantActor } from "./actor.ts";
import type { EventQuery, Query } from "./command.ts";
import { pollOf } from "./scoped.ts";

async function published(store: Store, poll: Poll): Promise<PublishedReceipts> {
  requireReceiptsPublished(poll);
  return { pollId: poll.id, receiptHashes: await store.ballots.receiptHashes(poll.id) };
}

/** A closed secret poll's receipt hashes, for the participants of its event to find their own among them. */
export const participantReceipts: Query<ParticipantActor, { pollId: string }, PublishedReceipts> = {
  name: "participantReceipts",
  input: pollParams,
  async run({ store }, voter, { pollId }) {
    await store.polls.checkVisible(voter.eventId, pollId);
    return published(store, await store.polls.get(pollId));
  },
};

/** The same list for the event's admins and the projector: hashes only, nothing about anyone. */
export const eventReceipts: EventQuery<{ pollId: string }, PublishedReceipts> = {
  name: "eventReceipts",
  permission: "results.view",
  input: pollRef,
  async run({ store }, { event }, { pollId }) {
    return published(store, await pollOf(store, event.id, pollId));
  },
};
