import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { BallotChoice, BallotPart } from "../../src/domain/ballot.ts";
import type { NewPoll, Poll } from "../../src/domain/poll.ts";
import { splitSealedBallotLength } from "../../src/store/split-ballot-codec.ts";
import type { Store } from "../../src/store/store.ts";

export interface SplitSuiteContext {
  readonly store: () => Store;
  /** A fresh open event with one agenda item and `count` participants of weight 1. */
  readonly setup: (count: number) => Promise<{ event: { id: string }; item: { id: string }; ids: string[] }>;
  readonly raw: (query: string) => Promise<Record<string, unknown>[]>;
}

const yes: BallotChoice = { kind: "options", optionIds: ["yes"] };
const no: BallotChoice = { kind: "options", optionIds: ["no"] };
const abstain: BallotChoice = { kind: "abstain" };
const split = (...parts: [number, BallotChoice][]): BallotPart[] => parts.map(([weight, choice]) => ({ weight, choice }));

/** Split ballots in floor polls, on every database the store runs on. */
export function defineSplitBallotTests(ctx: SplitSuiteContext): void {
  describe("split ballots", () => {
    async function openPoll(eventId: string, agendaItemId: string, extra: Partial<NewPoll> = {}): Promise<Poll> {
      const store = ctx.store();
      const poll = await store.polls.create(eventId, { agendaItemId, title: "Motion", kind: "yes_no_abstain", allowSplit: true, ...extra });
      return store.polls.setStatus(poll.id, "open");
    }
    const rowsOf = async (table: string, pollId: string) =>
      Number((await ctx.raw(`select count(*) as n from ${table} where poll_id = '${pollId}'`))[0]?.n);

    it("keeps the chair's rule: off by default, stored, editable in draft", async () => {
      const store = ctx.store();
      const { event, item } = await ctx.setup(1);
      const plain = await store.polls.create(event.id, { agendaItemId: item.id, title: "Plain", kind: "yes_no_abstain" });
      expect(plain.allowSplit).toBe(false);
      const edited = await store.polls.update(plain.id, { allowSplit: true });
      expect(edited.allowSplit).toBe(true);
      expect((await store.polls.get(plain.id)).allowSplit).toBe(true);
    });

    it("takes one split ballot per principal summing to its weight, idempotent, and refuses any other sum with nothing stored", async () => {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(3);
      const [delegate, other, principal] = ids as [string, string, string];
      await store.participants.update(delegate, { weight: 100 });
      await store.participants.update(principal, { weight: 50 });
      await store.proxies.grant(principal, delegate);
      const poll = await openPoll(event.id, item.id);
      const cast = (principalId: string, parts: BallotPart[], ballotId: string = randomUUID()) =>
        store.ballots.cast({ ballotId, pollId: poll.id, principalId, voterId: delegate, parts });

      await expect(cast(delegate, split([70, yes], [20, no]))).rejects.toMatchObject({ code: "split_mismatch" });
      await expect(cast(delegate, split([70, yes], [31, no]))).rejects.toMatchObject({ code: "split_mismatch" });
      // A proxy's parts sum to the principal's weight, not the delegate's.
      await expect(cast(principal, split([70, yes], [30, no]))).rejects.toMatchObject({ code: "split_mismatch" });
      await expect(cast(delegate, split([100, { kind: "options", optionIds: ["maybe"] }]))).rejects.toMatchObject({ code: "invalid" });
      expect(await store.ballots.hasVoted(poll.id, delegate)).toBe(false);
      expect(await rowsOf("poll_voters", poll.id)).toBe(0);
      expect(await rowsOf("ballots", poll.id)).toBe(0);

      const ballotId = randomUUID();
      const receipt = await cast(delegate, split([70, yes], [30, no]), ballotId);
      expect(receipt).toMatchObject({ principalId: delegate, weight: 100 });
      expect(await cast(delegate, split([70, yes], [30, no]), ballotId)).toEqual(receipt);
      await expect(cast(delegate, split([50, yes], [50, no]))).rejects.toMatchObject({ code: "already_voted" });
      await cast(principal, split([20, no], [25, abstain], [5, no]));
      await store.ballots.cast({ ballotId: randomUUID(), pollId: poll.id, principalId: other, voterId: other, choice: yes });
      expect(await rowsOf("poll_voters", poll.id)).toBe(3);
      expect(await rowsOf("ballots", poll.id)).toBe(3);

      await store.polls.setStatus(poll.id, "closed");
      const { tally } = await store.ballots.tally(poll.id);
      expect(tally.turnout).toEqual({ count: 3, weight: 151 });
      expect(tally.options.map((o) => [o.optionId, o.count, o.weight])).toEqual([
        ["yes", 2, 71],
        ["no", 2, 55],
      ]);
      expect(tally.abstentions).toEqual({ count: 1, weight: 25 });
      await store.polls.setStatus(poll.id, "published");
      const named = await store.ballots.listNamed(poll.id);
      const byId = new Map(named.map((ballot) => [ballot.participantId, ballot]));
      expect(byId.get(delegate)).toMatchObject({ voterId: delegate, weight: 100, parts: split([70, yes], [30, no]) });
      // Equal choices merged, options before abstention.
      expect(byId.get(principal)).toMatchObject({ voterId: delegate, weight: 50, parts: split([25, no], [25, abstain]) });
      expect(byId.get(other)).toMatchObject({ weight: 1, choice: yes });
    });

    it("refuses parts where the poll takes whole ballots only, and keeps a split into one choice a whole ballot", async () => {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(2);
      await store.participants.update(ids[0]!, { weight: 10 });
      const whole = await openPoll(event.id, item.id, { allowSplit: false });
      await expect(
        store.ballots.cast({ ballotId: randomUUID(), pollId: whole.id, principalId: ids[0]!, voterId: ids[0]!, parts: split([10, yes]) }),
      ).rejects.toMatchObject({ code: "split_not_allowed" });
      expect(await rowsOf("poll_voters", whole.id)).toBe(0);
      const poll = await openPoll(event.id, item.id);
      await store.ballots.cast({
        ballotId: randomUUID(),
        pollId: poll.id,
        principalId: ids[0]!,
        voterId: ids[0]!,
        parts: split([4, no], [6, no]),
      });
      await store.polls.setStatus(poll.id, "closed");
      expect(await store.ballots.listNamed(poll.id)).toMatchObject([{ weight: 10, choice: no }]);
    });

    it("seals a secret poll's ballots, whole or split, at one length, and counts them exactly when it closes", async () => {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(4);
      const weights = [1000, 300, 7, 1];
      for (const [i, id] of ids.entries()) await store.participants.update(id, { weight: weights[i]! });
      const tag = randomUUID().slice(0, 8);
      const options = ["a", "b", "c"].map((letter) => ({ id: `${letter}_${tag}`, label: letter }));
      const poll = await openPoll(event.id, item.id, { kind: "single_choice", options, secret: true });
      const [a, b, c] = options.map((option): BallotChoice => ({ kind: "options", optionIds: [option.id] })) as [
        BallotChoice,
        BallotChoice,
        BallotChoice,
      ];
      const ballots: ({ parts: BallotPart[] } | { choice: BallotChoice })[] = [
        { parts: split([600, a], [300, b], [50, c], [50, abstain]) },
        { parts: split([299, b], [1, c]) },
        { choice: c },
        { choice: abstain },
      ];
      for (const [i, id] of ids.entries()) {
        await store.ballots.cast({ ballotId: randomUUID(), pollId: poll.id, principalId: id, voterId: id, ...ballots[i]! });
      }
      await expect(
        store.ballots.cast({ ballotId: randomUUID(), pollId: poll.id, principalId: ids[0]!, voterId: ids[0]!, parts: split([1000, a]) }),
      ).rejects.toMatchObject({ code: "already_voted" });
      const sealed = await ctx.raw(`select * from sealed_ballots where poll_id = '${poll.id}'`);
      expect(sealed).toHaveLength(4);
      expect(new Set(sealed.map((row) => String(row.sealed).length))).toEqual(new Set([splitSealedBallotLength]));
      // Option ids with "_", which base64 never holds: found in stored bytes only as plaintext.
      expect(sealed.filter((row) => String(row.sealed).includes("_"))).toEqual([]);
      expect(await rowsOf("ballots", poll.id)).toBe(0);

      await store.polls.setStatus(poll.id, "closed");
      expect(await rowsOf("sealed_ballots", poll.id)).toBe(0);
      const { tally } = await store.ballots.tally(poll.id);
      expect(tally.turnout).toEqual({ count: 4, weight: 1308 });
      expect(tally.options.map((o) => [o.count, o.weight])).toEqual([
        [1, 600],
        [2, 599],
        [3, 58],
      ]);
      expect(tally.abstentions).toEqual({ count: 2, weight: 51 });
    });
  });
}
