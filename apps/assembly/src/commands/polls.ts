import type { z } from "zod";
import { noInput } from "../api/schemas/common.ts";
import { newPollInput, pollPatchInput, pollRef } from "../api/schemas/polls.ts";
import { DomainError } from "../domain/errors.ts";
import type { Poll, PollStatus } from "../domain/poll.ts";
import type { NamedBallot, PollResult } from "../store/store.ts";
import { adminIn, audited, auditedCreation, auditedUpdate } from "./audit.ts";
import type { EventCommand, EventQuery } from "./command.ts";
import { eventChanged } from "./effect.ts";
import { linkedPollEffects, publishedVote } from "./motion-votes.ts";
import { pollOf } from "./scoped.ts";

/** Results exist once voting has ended; a running tally would sway the vote. */
function requireEnded(poll: Poll): void {
  if (poll.status === "draft" || poll.status === "open") {
    throw new DomainError("results_not_available", "results are available once the poll is closed", { status: poll.status });
  }
}

export const listPolls: EventQuery<object, { polls: Poll[] }> = {
  name: "listPolls",
  permission: "event.view",
  input: noInput,
  run: async ({ store }, { event }) => ({ polls: await store.polls.list(event.id) }),
};

export const getPoll: EventQuery<{ pollId: string }, { poll: Poll }> = {
  name: "getPoll",
  permission: "event.view",
  input: pollRef,
  run: async ({ store }, { event }, { pollId }) => ({ poll: await pollOf(store, event.id, pollId) }),
};

export const createPoll: EventCommand<z.output<typeof newPollInput>, { poll: Poll }> = {
  name: "createPoll",
  permission: "polls.manage",
  input: newPollInput,
  async run({ store }, access, input) {
    const poll = await auditedCreation(store, adminIn(access), "poll.create", (tx) => tx.polls.create(access.event.id, input));
    return { result: { poll }, effects: eventChanged(access.event.id) };
  },
};

export const updatePoll: EventCommand<z.output<typeof pollPatchInput>, { poll: Poll }> = {
  name: "updatePoll",
  permission: "polls.manage",
  input: pollPatchInput,
  async run({ store }, access, { pollId, ...patch }) {
    const poll = await auditedUpdate(
      store,
      adminIn(access),
      "poll.update",
      pollId,
      (tx) => pollOf(tx, access.event.id, pollId),
      (tx) => tx.polls.update(pollId, patch),
    );
    return { result: { poll }, effects: eventChanged(access.event.id) };
  },
};

export const deletePoll: EventCommand<{ pollId: string }, undefined> = {
  name: "deletePoll",
  permission: "polls.manage",
  input: pollRef,
  async run({ store }, access, { pollId }) {
    await audited(store, adminIn(access), "poll.delete", async (tx) => {
      const before = await pollOf(tx, access.event.id, pollId);
      await tx.polls.delete(pollId);
      return { result: undefined, audit: { subject: pollId, before } };
    });
    return { result: undefined, effects: eventChanged(access.event.id) };
  },
};

/** One step of the open → closed → published run; the domain's state machine refuses the others. */
function pollStep(verb: "open" | "close" | "publish", status: PollStatus): EventCommand<{ pollId: string }, { poll: Poll }> {
  return {
    name: `${verb}Poll`,
    permission: "polls.run",
    input: pollRef,
    async run({ store }, access, { pollId }) {
      const who = adminIn(access);
      const { poll, decided } = await audited(store, who, `poll.${verb}`, async (tx) => {
        const before = await pollOf(tx, access.event.id, pollId);
        // What the poll decides must be put to the vote first, so its outcome has a workflow step to take.
        if (status === "open") await tx.motions.checkVoteState(pollId);
        const after = await tx.polls.setStatus(pollId, status);
        const decided =
          status === "published" ? await publishedVote(tx, who, pollId) : await linkedPollEffects(tx, access.event.id, pollId);
        return { result: { poll: after, decided }, audit: { subject: pollId, before: { status: before.status }, after: { status } } };
      });
      return { result: { poll }, effects: [...eventChanged(access.event.id), ...decided] };
    },
  };
}

export const openPoll = pollStep("open", "open");
export const closePoll = pollStep("close", "closed");
export const publishPoll = pollStep("publish", "published");

export const pollResults: EventQuery<{ pollId: string }, PollResult> = {
  name: "pollResults",
  permission: "results.view",
  input: pollRef,
  async run({ store }, { event }, { pollId }) {
    requireEnded(await pollOf(store, event.id, pollId));
    return store.ballots.tally(pollId);
  },
};

/** Who voted what, for named polls once voting has ended; a secret poll's ballots are linked to no one. */
export const namedBallots: EventQuery<{ pollId: string }, { ballots: NamedBallot[] }> = {
  name: "namedBallots",
  permission: "results.view",
  input: pollRef,
  async run({ store }, { event }, { pollId }) {
    const poll = await pollOf(store, event.id, pollId);
    requireEnded(poll);
    if (poll.secret) throw new DomainError("secret_poll", "ballots of a secret poll are not linked to anyone");
    return { ballots: await store.ballots.listNamed(pollId) };
  },
};
