import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ElectionBallot, ElectionChoice } from "../../src/domain/election/ballot.ts";
import { countElection } from "../../src/domain/election/count.ts";
import type { ElectionSetup } from "../../src/domain/election/election.ts";
import { isDomainError, type DomainErrorCode } from "../../src/domain/errors.ts";
import type { ElectionBallots, Store } from "../../src/store/store.ts";

export interface ElectionSuiteContext {
  readonly store: () => Store;
  /** A fresh open event with one agenda item and `count` participants (names in id order). */
  readonly setup: (count: number) => Promise<{ event: { id: string }; item: { id: string }; ids: string[] }>;
  readonly raw: (query: string) => Promise<Record<string, unknown>[]>;
}

async function expectCode(promise: Promise<unknown>, code: DomainErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isDomainError(error) ? error.code : error).toBe(code);
}

/** The ballots an export stands for, as the count takes them (groups spread as the store does). */
export function exportedBallots(exported: ElectionBallots): ElectionBallot[] {
  if (exported.kind === "named") return exported.ballots.map((entry) => entry.ballot);
  return exported.groups.flatMap(({ ballots, weight, ...content }) => {
    const share = Math.floor(weight / ballots);
    const heavier = weight - share * ballots;
    return Array.from({ length: ballots }, (_, i) => ({ weight: i < heavier ? share + 1 : share, ...content }) as ElectionBallot);
  });
}

const stv: ElectionSetup = { seats: 2, method: { kind: "stv" } };

/** Candidate elections on every database the store runs on. */
export function defineElectionStoreTests(ctx: ElectionSuiteContext): void {
  describe("elections", () => {
    const cast = (
      electionId: string,
      principalId: string,
      choice: ElectionChoice,
      ballotId: string = randomUUID(),
      voterId = principalId,
    ) => ctx.store().ballots.cast({ ballotId, pollId: electionId, principalId, voterId, choice });

    async function openElection(setup: ElectionSetup, names: string[], secret = false) {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(6);
      const draft = await store.elections.create(event.id, {
        agendaItemId: item.id,
        title: "Board",
        secret,
        setup,
        candidates: names.map((name) => ({ name })),
      });
      return { event, ids, election: await store.elections.setStatus(draft.id, { status: "open" }) };
    }

    it("keeps a candidate list in draft: from the roll or free text, withdrawn, reordered; frozen once open", async () => {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(3);
      await store.participants.update(ids[0]!, { group: "Nord" });
      let election = await store.elections.create(event.id, { agendaItemId: item.id, title: "Board", setup: stv });
      election = await store.elections.addCandidate(election.id, { participantId: ids[0]!, gender: "f", statement: "Hello" });
      election = await store.elections.addCandidate(election.id, { name: "Outside Person" });
      election = await store.elections.addCandidate(election.id, { name: "Third" });
      expect(election.candidates.map((c) => [c.id, c.name, c.group, c.gender, c.participantId])).toEqual([
        ["c1", "Member 00000", "Nord", "f", ids[0]],
        ["c2", "Outside Person", null, null, null],
        ["c3", "Third", null, null, null],
      ]);
      await expectCode(store.elections.addCandidate(election.id, { participantId: ids[0]! }), "invalid");
      await expectCode(store.elections.addCandidate(election.id, { name: " " }), "invalid");
      election = await store.elections.setWithdrawn(election.id, "c2", true);
      election = await store.elections.reorder(election.id, ["c3", "c2", "c1"]);
      await expectCode(store.elections.reorder(election.id, ["c3", "c1"]), "invalid");
      expect(election.candidates.map((c) => [c.id, c.withdrawn])).toEqual([
        ["c3", false],
        ["c2", true],
        ["c1", false],
      ]);
      const open = await store.elections.setStatus(election.id, { status: "open" });
      expect(open.definition?.candidates.map((c) => c.id)).toEqual(["c3", "c1"]);
      expect(open.eligibleCount).toBe(3);
      await expectCode(store.elections.addCandidate(election.id, { name: "Late" }), "invalid_transition");
      await expectCode(store.elections.update(election.id, { title: "Other" }), "invalid_transition");
      // The electorate is frozen while an election is open, as for polls.
      await expectCode(store.participants.update(ids[1]!, { weight: 5 }), "electorate_frozen");
      // Elections are not listed as polls.
      expect((await store.polls.list(event.id)).map((poll) => poll.id)).not.toContain(election.id);
      expect((await store.elections.list(event.id)).map((e) => e.id)).toEqual([election.id]);
    });

    it("takes nominations while the phase is open, and opens only once a chair closed it", async () => {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(3);
      let election = await store.elections.create(event.id, { agendaItemId: item.id, title: "Board", setup: stv, nomination: true });
      election = await store.elections.nominate(election.id, { participantId: ids[1]! }, ids[1]!);
      election = await store.elections.nominate(election.id, { participantId: ids[2]! }, ids[1]!);
      expect(election.candidates.map((c) => [c.participantId, c.nominatedBy])).toEqual([
        [ids[1], ids[1]],
        [ids[2], ids[1]],
      ]);
      await expectCode(store.elections.setStatus(election.id, { status: "open" }), "invalid_transition");
      election = await store.elections.setNomination(election.id, "closed");
      await expectCode(store.elections.nominate(election.id, { participantId: ids[0]! }, ids[0]!), "invalid_transition");
      expect((await store.elections.setStatus(election.id, { status: "open" })).status).toBe("open");
    });

    it("casts one ballot per principal (idempotent, proxies, weights), counts on close and exports for a recount", async () => {
      const store = ctx.store();
      const { election, ids } = await openElection(stv, ["Ann", "Bob", "Cem"]);
      await store.proxies.grant(ids[5]!, ids[4]!);
      const first = await cast(election.id, ids[0]!, { kind: "ranking", candidateIds: ["c1", "c2"] }, "ballot-0000000000000000");
      const retry = await cast(election.id, ids[0]!, { kind: "ranking", candidateIds: ["c1", "c2"] }, "ballot-0000000000000000");
      expect(retry).toEqual(first);
      await expectCode(cast(election.id, ids[0]!, { kind: "ranking", candidateIds: ["c3"] }), "already_voted");
      await expectCode(cast(election.id, ids[1]!, { kind: "ranking", candidateIds: ["c1", "c1"] }), "invalid");
      await expectCode(cast(election.id, ids[1]!, { kind: "single", candidateId: "c1" }), "invalid");
      await cast(election.id, ids[1]!, { kind: "ranking", candidateIds: ["c1", "c3"] });
      await cast(election.id, ids[2]!, { kind: "ranking", candidateIds: ["c2"] });
      await cast(election.id, ids[3]!, { kind: "abstain" });
      await cast(election.id, ids[5]!, { kind: "ranking", candidateIds: ["c3", "c2"] }, randomUUID(), ids[4]!);
      await expectCode(store.elections.ballots(election.id), "results_not_available");

      const closed = await store.elections.setStatus(election.id, { status: "closed", seed: "seed-1" });
      expect(closed.lotSeed).toBe("seed-1");
      expect(closed.result).toMatchObject({ method: "stv", status: "complete", ballots: { total: { count: 5 }, abstain: { count: 1 } } });
      expect(closed.result?.elected.map((seat) => seat.candidateId)).toHaveLength(2);
      const exported = await store.elections.ballots(election.id);
      expect(exported.kind).toBe("named");
      if (exported.kind === "named") expect(exported.ballots.find((b) => b.participantId === ids[5])?.voterId).toBe(ids[4]);
      expect(countElection(closed.definition!, exportedBallots(exported), { seed: "seed-1" })).toEqual(closed.result);
      await expectCode(cast(election.id, ids[4]!, { kind: "ranking", candidateIds: ["c1"] }), "poll_not_open");
      expect((await store.elections.setStatus(election.id, { status: "published" })).status).toBe("published");
    });

    it("takes split ballots where the election allows them, weights summing to the principal's", async () => {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(2);
      await store.participants.update(ids[0]!, { weight: 100 });
      const draft = await store.elections.create(event.id, {
        agendaItemId: item.id,
        title: "Treasurer",
        secret: true,
        setup: { seats: 1, method: { kind: "yes_no_abstain" }, allowSplit: true },
        candidates: [{ name: "Ann" }],
      });
      const election = await store.elections.setStatus(draft.id, { status: "open" });
      const split = (weights: number[]) =>
        store.ballots.cast({
          ballotId: randomUUID(),
          pollId: election.id,
          principalId: ids[0]!,
          voterId: ids[0]!,
          choice: { kind: "abstain" },
          parts: weights.map((weight, i) => ({ weight, choice: { kind: "marks", marks: { c1: i === 0 ? "yes" : "no" } } })),
        });
      await expectCode(split([70, 20]), "split_mismatch");
      await split([70, 30]);
      await cast(election.id, ids[1]!, { kind: "marks", marks: { c1: "no" } });
      const closed = await store.elections.setStatus(election.id, { status: "closed", seed: "s" });
      expect(closed.result).toMatchObject({
        ballots: { total: { count: 2, weight: 101 } },
        candidates: [{ candidateId: "c1", yes: 70, no: 31, qualified: true }],
        elected: [{ candidateId: "c1" }],
      });
    });

    it("keeps a secret election unlinkable: sealed at one length while open, grouped by content once closed", async () => {
      const store = ctx.store();
      const tag = randomBytes(3).toString("hex");
      const { election, ids, event } = await openElection(
        { seats: 1, method: { kind: "schulze" } },
        [`A_${tag}`, `B_${tag}`, `C_${tag}`],
        true,
      );
      const orders = [
        ["c1", "c2", "c3"],
        ["c2", "c3"],
        ["c1", "c3", "c2"],
        ["c1", "c2", "c3"],
      ];
      for (const [i, order] of orders.entries()) await cast(election.id, ids[i]!, { kind: "ranking", candidateIds: order });
      const sealed = await ctx.raw(`select sealed from sealed_ballots where poll_id = '${election.id}'`);
      expect(sealed).toHaveLength(4);
      expect(new Set(sealed.map((row) => String(row["sealed"]).length)).size).toBe(1);
      expect(await ctx.raw(`select * from ballots where poll_id = '${election.id}'`)).toEqual([]);

      const closed = await store.elections.setStatus(election.id, { status: "closed", seed: "lot" });
      expect(await ctx.raw(`select * from sealed_ballots where poll_id = '${election.id}'`)).toEqual([]);
      const groups = await ctx.raw(`select ballot, ballots, weight from election_totals where poll_id = '${election.id}'`);
      expect(groups).toHaveLength(3);
      const people = await ctx.raw(`select id, name from participants where event_id = '${event.id}'`);
      const stored = JSON.stringify(groups);
      for (const person of people) {
        expect(stored).not.toContain(String(person["id"]));
        expect(stored).not.toContain(String(person["name"]));
      }
      expect(closed.result).toMatchObject({ method: "schulze", elected: [{ candidateId: "c1" }] });
      const exported = await store.elections.ballots(election.id);
      expect(exported.kind).toBe("grouped");
      expect(countElection(closed.definition!, exportedBallots(exported), { seed: "lot" })).toEqual(closed.result);
    });

    it("derives a runoff from a single-choice result without a majority", async () => {
      const store = ctx.store();
      const { election, ids } = await openElection({ method: { kind: "single_choice" } }, ["Ann", "Bob", "Cem"]);
      const votes = ["c1", "c1", "c2", "c2", "c3"];
      for (const [i, id] of votes.entries()) await cast(election.id, ids[i]!, { kind: "single", candidateId: id });
      await expectCode(store.elections.createRunoff(election.id), "invalid_transition");
      const closed = await store.elections.setStatus(election.id, { status: "closed", seed: "lot" });
      expect(closed.result?.status).toBe("runoff_required");
      const runoff = await store.elections.createRunoff(election.id);
      expect(runoff).toMatchObject({ status: "draft", runoffOf: election.id, setup: { round: 2 } });
      expect(runoff.candidates.map((c) => c.name)).toEqual(["Ann", "Bob"]);
      await expectCode(store.elections.createRunoff(election.id), "invalid_transition");
    });

    it("counts paper ballots entered after closing with the online ones, from the same lot seed; refused outside the window", async () => {
      const store = ctx.store();
      const setup: ElectionSetup = { seats: 1, method: { kind: "yes_no_abstain" } };
      const { election, ids } = await openElection(setup, ["Ann", "Bob"], true);
      await cast(election.id, ids[0]!, { kind: "marks", marks: { c1: "yes", c2: "no" } });
      await cast(election.id, ids[1]!, { kind: "marks", marks: { c1: "no", c2: "yes" } });
      const counts = {
        kind: "yes_no_abstain" as const,
        voters: { count: 3, weight: 3 },
        abstentions: { count: 1, weight: 1 },
        invalid: { count: 0, weight: 0 },
        candidates: [{ candidateId: "c1", yes: { count: 2, weight: 2 }, no: { count: 0, weight: 0 } }],
      };
      await expectCode(store.elections.setPaper(election.id, counts, "admin:x"), "paper_window_closed");
      const closed = await store.elections.setStatus(election.id, { status: "closed", seed: "lot" });
      // Online, nobody has more yes than no; the paper ballots change that.
      expect(closed.result?.elected).toEqual([]);
      await expectCode(
        store.elections.setPaper(
          election.id,
          { ...counts, voters: { count: 5, weight: 5 }, abstentions: { count: 3, weight: 3 } },
          "admin:x",
        ),
        "paper_exceeds_eligible",
      );
      await expectCode(
        store.elections.setPaper(election.id, { ...counts, abstentions: { count: 2, weight: 2 } }, "admin:x"),
        "paper_counts_inconsistent",
      );
      expect(await store.elections.get(election.id)).toEqual(closed);
      const mixed = await store.elections.setPaper(election.id, counts, "admin:x");
      expect(mixed.paper).toMatchObject({
        entry: { kind: "yes_no_abstain", candidates: [{ candidateId: "c1" }, { candidateId: "c2" }] },
        enteredBy: "admin:x",
      });
      expect(mixed.result).toMatchObject({
        status: "complete",
        seed: "lot",
        ballots: { total: { count: 5, weight: 5 }, abstain: { count: 1, weight: 1 } },
        paper: { total: { count: 3, weight: 3 } },
        candidates: [
          { candidateId: "c1", yes: 3, no: 1, abstain: 1 },
          { candidateId: "c2", yes: 1, no: 1, abstain: 3 },
        ],
        elected: [{ candidateId: "c1" }],
      });
      expect((await store.elections.get(election.id)).result).toEqual(mixed.result);
      const cleared = await store.elections.setPaper(election.id, null, "admin:x");
      expect([cleared.paper, cleared.result]).toEqual([null, closed.result]);
      await store.elections.setPaper(election.id, counts, "admin:x");
      await store.elections.setStatus(election.id, { status: "published" });
      await expectCode(store.elections.setPaper(election.id, null, "admin:x"), "paper_window_closed");
      expect((await store.elections.get(election.id)).paper?.entry).toEqual(mixed.paper?.entry);
    });
  });
}
