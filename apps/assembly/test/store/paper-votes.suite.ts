import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AnalogCounts } from "../../src/domain/analog-counts.ts";
import type { BallotChoice } from "../../src/domain/ballot.ts";
import { isDomainError } from "../../src/domain/errors.ts";
import type { NewPoll, Poll } from "../../src/domain/poll.ts";
import type { Store } from "../../src/store/store.ts";

export interface PaperSuiteContext {
  readonly store: () => Store;
  /** A fresh open event with one agenda item and `count` participants of weight 1. */
  readonly setup: (count: number) => Promise<{ event: { id: string }; item: { id: string }; ids: string[] }>;
  readonly raw: (query: string) => Promise<Record<string, unknown>[]>;
}

const yes: BallotChoice = { kind: "options", optionIds: ["yes"] };
const no: BallotChoice = { kind: "options", optionIds: ["no"] };

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return isDomainError(error) ? error.code : error;
}

/** Paper counts of a yes/no motion: every paper voter weighs 1. */
function motionCounts(yesVotes: number, noVotes: number, abstentions = 0, invalid = 0): AnalogCounts {
  const one = (count: number) => ({ count, weight: count });
  return {
    voters: one(yesVotes + noVotes + abstentions + invalid),
    choices: [
      { choice: "yes", ...one(yesVotes) },
      { choice: "no", ...one(noVotes) },
    ],
    abstentions: one(abstentions),
    invalid: one(invalid),
  };
}

/** Paper votes (hand counts and named paper voters), on every database the store runs on. */
export function definePaperVoteTests(ctx: PaperSuiteContext): void {
  describe("paper votes", () => {
    async function openPoll(eventId: string, agendaItemId: string, extra: Partial<NewPoll> = {}): Promise<Poll> {
      const store = ctx.store();
      const poll = await store.polls.create(eventId, { agendaItemId, title: "Motion", kind: "yes_no_abstain", ...extra });
      return store.polls.setStatus(poll.id, "open");
    }
    const castOwn = (pollId: string, principalId: string, choice: BallotChoice) =>
      ctx.store().ballots.cast({ ballotId: randomUUID(), pollId, principalId, voterId: principalId, choice });

    it("adds online, named paper and counted paper ballots exactly, one ballot per principal across both", async () => {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(10);
      const poll = await openPoll(event.id, item.id);
      await castOwn(poll.id, ids[0]!, yes);
      await castOwn(poll.id, ids[1]!, no);
      await store.paper.nameVoter(poll.id, ids[2]!, yes);
      expect(await codeOf(castOwn(poll.id, ids[2]!, no))).toBe("already_voted");
      expect(await codeOf(store.paper.nameVoter(poll.id, ids[0]!, no))).toBe("already_voted");
      await store.proxies.grant(ids[3]!, ids[4]!);
      await store.ballots.cast({ ballotId: randomUUID(), pollId: poll.id, principalId: ids[3]!, voterId: ids[4]!, choice: yes });
      expect(await codeOf(store.paper.nameVoter(poll.id, ids[3]!, yes))).toBe("already_voted");
      expect(await codeOf(store.paper.setCounts(poll.id, motionCounts(1, 0), "admin:1"))).toBe("paper_window_closed");
      await store.polls.setStatus(poll.id, "closed");

      const before = await store.ballots.tally(poll.id);
      expect(before.tally).toMatchObject({ turnout: { count: 4 }, options: [{ count: 3 }, { count: 1 }] });
      const record = await store.paper.setCounts(poll.id, motionCounts(2, 1, 1, 1), "admin:1");
      expect(record).toMatchObject({ counts: { voters: { count: 5 } }, countsEnteredBy: "admin:1", online: { count: 3, weight: 3 } });
      expect(record.voters.map((voter) => [voter.principalId, voter.choice])).toEqual([[ids[2], yes]]);
      const { tally } = await store.ballots.tally(poll.id);
      expect(tally).toMatchObject({
        turnout: { count: 9, weight: 9 },
        options: [{ count: 5 }, { count: 2 }],
        abstentions: { count: 1 },
        invalid: { count: 1 },
        base: 7,
        outcome: "passed",
        parts: {
          online: { turnout: { count: 3 }, options: [{ count: 2 }, { count: 1 }] },
          paper: { turnout: { count: 6 }, options: [{ count: 3 }, { count: 1 }], invalid: { count: 1 } },
        },
      });

      // A correction replaces the counts, and the cached final tally follows at once.
      const corrected = await store.paper.setCounts(poll.id, motionCounts(0, 3), "admin:2");
      expect(corrected.revision).toBeGreaterThan(record.revision);
      expect(corrected.countsEnteredBy).toBe("admin:2");
      expect((await store.ballots.tally(poll.id)).tally).toMatchObject({ options: [{ count: 3 }, { count: 4 }], outcome: "failed" });

      const named = await store.ballots.listNamed(poll.id);
      expect(named.map((ballot) => [ballot.participantId, ballot.paper])).toEqual([
        [ids[0], false],
        [ids[1], false],
        [ids[2], true],
        [ids[3], false],
      ]);
      await store.polls.setStatus(poll.id, "published");
      expect(await codeOf(store.paper.setCounts(poll.id, motionCounts(1, 0), "admin:1"))).toBe("paper_window_closed");
      expect(await codeOf(store.paper.removeVoter(poll.id, ids[2]!))).toBe("paper_window_closed");
    });

    it("refuses paper votes beyond the frozen electorate and bad entries, changing nothing", async () => {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(4);
      const other = await ctx.setup(1);
      const poll = await openPoll(event.id, item.id);
      await castOwn(poll.id, ids[0]!, yes);
      await store.paper.nameVoter(poll.id, ids[1]!, no);
      await store.polls.setStatus(poll.id, "closed");
      const start = await store.paper.setCounts(poll.id, motionCounts(1, 1), "admin:1");
      const tallied = (await store.ballots.tally(poll.id)).tally;

      expect(await codeOf(store.paper.setCounts(poll.id, motionCounts(2, 1), "admin:1"))).toBe("paper_exceeds_eligible");
      expect(await codeOf(store.paper.setCounts(poll.id, { ...motionCounts(1, 1), voters: { count: 3, weight: 3 } }, "admin:1"))).toBe(
        "paper_counts_inconsistent",
      );
      expect(await codeOf(store.paper.nameVoter(poll.id, ids[2]!, yes))).toBe("paper_exceeds_eligible");
      expect(await codeOf(store.paper.nameVoter(poll.id, other.ids[0]!, yes))).toBe("not_found");
      expect(await codeOf(store.paper.nameVoter(poll.id, ids[3]!, { kind: "options", optionIds: ["maybe"] }))).toBe("invalid");
      expect(await codeOf(store.paper.removeVoter(poll.id, ids[0]!))).toBe("not_found");
      expect(await store.paper.get(poll.id)).toEqual(start);
      expect((await store.ballots.tally(poll.id)).tally).toEqual(tallied);
      expect(await ctx.raw(`select principal_id from paper_ballots where poll_id = '${poll.id}'`)).toHaveLength(1);

      const removed = await store.paper.removeVoter(poll.id, ids[1]!);
      expect(removed.voters).toEqual([]);
      expect((await store.ballots.tally(poll.id)).tally.turnout.count).toBe(3);
      expect(await store.ballots.hasVoted(poll.id, ids[1]!)).toBe(false);
    });

    it("in a secret poll records only that a named person voted on paper, and publishes once their ballots are counted", async () => {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(5);
      const poll = await openPoll(event.id, item.id, { secret: true });
      await castOwn(poll.id, ids[0]!, yes);
      expect(await codeOf(store.paper.nameVoter(poll.id, ids[1]!, yes))).toBe("secret_poll");
      await store.paper.nameVoter(poll.id, ids[1]!, null);
      await store.paper.nameVoter(poll.id, ids[2]!, null);
      expect(await store.ballots.hasVoted(poll.id, ids[1]!)).toBe(true);
      expect(await codeOf(castOwn(poll.id, ids[1]!, no))).toBe("already_voted");
      await store.polls.setStatus(poll.id, "closed");
      expect(await codeOf(store.polls.setStatus(poll.id, "published"))).toBe("paper_counts_missing");
      expect(await codeOf(store.paper.setCounts(poll.id, motionCounts(1, 0), "admin:1"))).toBe("paper_counts_inconsistent");
      const record = await store.paper.setCounts(poll.id, motionCounts(1, 2), "admin:1");
      expect(record.voters.map((voter) => voter.choice)).toEqual([null, null]);
      expect((await store.ballots.tally(poll.id)).tally).toMatchObject({
        turnout: { count: 4 },
        parts: { online: { turnout: { count: 1 } }, paper: { turnout: { count: 3 } } },
      });
      await store.polls.setStatus(poll.id, "published");

      expect(await ctx.raw(`select * from paper_ballots where poll_id = '${poll.id}'`)).toEqual([]);
      const rows = await ctx.raw(`select principal_id, paper from poll_voters where poll_id = '${poll.id}' order by paper`);
      expect(rows.map((row) => Number(row["paper"]))).toEqual([0, 1, 1]);
      const audit = JSON.stringify(await ctx.raw(`select * from paper_counts where poll_id = '${poll.id}'`));
      for (const id of ids) expect(audit).not.toContain(id);
    });
  });
}
