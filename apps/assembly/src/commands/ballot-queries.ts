import type { Entitlement, ReceiptCheck } from "../api/routes/ballots.ts";
import { pollParams, receiptParams } from "../api/schemas/ballots.ts";
import type { ParticipantActor } from "./actor.ts";
import type { Query } from "./command.ts";

/** For whom the participant may vote in a poll, and who of them has voted. */
export const listEntitlements: Query<ParticipantActor, { pollId: string }, { entitlements: Entitlement[] }> = {
  name: "listEntitlements",
  input: pollParams,
  async run({ store }, voter, { pollId }) {
    await store.polls.checkVisible(voter.eventId, pollId);
    return { entitlements: await store.ballots.listEntitlements(pollId, voter.participantId) };
  },
};

/** Whether a receipt was counted; a receipt of another event says nothing to this participant. */
export const checkReceipt: Query<ParticipantActor, { receipt: string }, ReceiptCheck> = {
  name: "checkReceipt",
  input: receiptParams,
  async run({ store }, voter, { receipt }) {
    const check = await store.ballots.verifyReceipt(receipt);
    if (check.pollId === null) return { counted: false, pollId: null };
    const poll = await store.polls.get(check.pollId);
    return poll.eventId === voter.eventId ? check : { counted: false, pollId: null };
  },
};
