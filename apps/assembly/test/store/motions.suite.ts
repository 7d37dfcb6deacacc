import { describe, expect, it } from "vitest";
import { isDomainError, type DomainErrorCode } from "../../src/domain/errors.ts";
import { defaultWorkflow } from "../../src/domain/motion/default-workflow.ts";
import type { Store } from "../../src/store/store.ts";

export interface MotionSuiteContext {
  readonly store: () => Store;
  /** A fresh open event with one agenda item and `count` participants. */
  readonly setup: (count: number) => Promise<{ event: { id: string }; item: { id: string }; ids: string[] }>;
}

async function expectCode(promise: Promise<unknown>, code: DomainErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isDomainError(error) ? error.code : error).toBe(code);
}

const text = "The assembly resolves to plant trees in every town square of the region this year.\n\nIt asks the board to report back.";

/** Motions and amendments, on every database the store runs on. */
export function defineMotionTests(ctx: MotionSuiteContext): void {
  describe("motions", () => {
    it("creates motions in the initial state with unique numbers per event and submitters of the same event", async () => {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(2);
      const other = await ctx.setup(1);
      expect(await store.motions.settings(event.id)).toMatchObject({ lineLength: 80, participantMotions: false });
      const motion = await store.motions.create(event.id, {
        number: "A1",
        title: "Trees",
        text,
        submitters: [
          { kind: "participant", participantId: ids[0]! },
          { kind: "name", name: "Board" },
        ],
        minSupporters: 1,
        agendaItemId: item.id,
      });
      expect(motion).toMatchObject({ state: "submitted", supporters: [], recommendation: null, number: "A1" });
      expect(await store.motions.get(motion.id)).toEqual(motion);
      await expectCode(
        store.motions.create(event.id, { number: "a1", title: "Again", text, submitters: [{ kind: "name", name: "X" }] }),
        "conflict",
      );
      await expectCode(
        store.motions.create(event.id, { title: "Stranger", text, submitters: [{ kind: "participant", participantId: other.ids[0]! }] }),
        "not_found",
      );
      await expectCode(
        store.motions.create(event.id, {
          title: "Elsewhere",
          text,
          submitters: [{ kind: "name", name: "X" }],
          agendaItemId: other.item.id,
        }),
        "not_found",
      );
      // The same number in another event is free.
      await store.motions.create(other.event.id, { number: "A1", title: "Theirs", text, submitters: [{ kind: "name", name: "X" }] });
      expect((await store.motions.list(event.id)).map((m) => m.id)).toEqual([motion.id]);
      // Removing its agenda item leaves the motion without one, as announcements.
      await store.agenda.delete(item.id);
      expect((await store.motions.get(motion.id)).agendaItemId).toBeNull();
    });

    it("imports all motions or none", async () => {
      const store = ctx.store();
      const { event } = await ctx.setup(0);
      const definition = (number: string | null) => ({
        number,
        title: `Motion ${number}`,
        text,
        reason: "",
        submitters: [{ kind: "name" as const, name: "Chapter" }],
        minSupporters: 0,
        category: null,
        agendaItemId: null,
      });
      await expectCode(store.motions.createMany(event.id, [definition("B1"), definition("B1")]), "conflict");
      expect(await store.motions.list(event.id)).toEqual([]);
      const ids = await store.motions.createMany(event.id, [definition("B1"), definition(null), definition(null)]);
      expect((await store.motions.list(event.id)).map((m) => m.id)).toEqual(ids);
    });

    it("counts support once per participant, refuses submitters, and admits only with the minimum", async () => {
      const store = ctx.store();
      const { event, ids } = await ctx.setup(3);
      const motion = await store.motions.create(event.id, {
        title: "Support me",
        text,
        submitters: [{ kind: "participant", participantId: ids[0]! }],
        minSupporters: 2,
      });
      await expectCode(store.motions.support(motion.id, ids[0]!), "conflict");
      await store.motions.support(motion.id, ids[1]!);
      expect((await store.motions.support(motion.id, ids[1]!)).supporters).toEqual([ids[1]]);
      await expectCode(store.motions.transition(motion.id, "admitted"), "insufficient_support");
      await store.motions.support(motion.id, ids[2]!);
      await store.motions.withdrawSupport(motion.id, ids[2]!);
      expect((await store.motions.withdrawSupport(motion.id, ids[2]!)).supporters).toEqual([ids[1]]);
      await store.motions.support(motion.id, ids[2]!);
      const { before, after } = await store.motions.transition(motion.id, "admitted");
      expect([before.state, after.state]).toEqual(["submitted", "admitted"]);
      await expectCode(store.motions.support(motion.id, ids[1]!), "invalid_transition");
      await expectCode(store.motions.transition(motion.id, "accepted"), "invalid_transition");
      // Content is pinned once admitted; the number still moves.
      await expectCode(store.motions.update(motion.id, { text: "Other text" }), "invalid_transition");
      expect((await store.motions.update(motion.id, { number: "A7" })).number).toBe("A7");
    });

    it("keeps recommendations beside the state and files amendments by line range", async () => {
      const store = ctx.store();
      const { event } = await ctx.setup(0);
      const motion = await store.motions.create(event.id, { title: "Lines", text, submitters: [{ kind: "name", name: "Board" }] });
      const recommended = await store.motions.recommend(motion.id, { kind: "accept_amended", label: null, recommender: "Committee" });
      expect(recommended.recommendation).toEqual({ kind: "accept_amended", label: null, recommender: "Committee" });
      expect(recommended.state).toBe("submitted");
      const amendment = await store.motions.addAmendment(motion.id, {
        number: "Ä1",
        lineFrom: 1,
        lineTo: 1,
        text: "The assembly resolves to plant oaks in every town square",
        submitters: [{ kind: "name", name: "Chapter" }],
      });
      expect(amendment).toMatchObject({ motionId: motion.id, state: "submitted", lineFrom: 1, lineTo: 1 });
      expect(amendment.original.startsWith("The assembly resolves")).toBe(true);
      await expectCode(
        store.motions.addAmendment(motion.id, {
          number: "ä1",
          lineFrom: 2,
          lineTo: 2,
          text: "x",
          submitters: [{ kind: "name", name: "C" }],
        }),
        "conflict",
      );
      await expectCode(
        store.motions.addAmendment(motion.id, { lineFrom: 9, lineTo: 9, text: "x", submitters: [{ kind: "name", name: "C" }] }),
        "invalid",
      );
      expect((await store.motions.listAmendments(motion.id)).map((a) => a.id)).toEqual([amendment.id]);
      const moved = await store.motions.transitionAmendment(amendment.id, "admitted");
      expect(moved.after.state).toBe("admitted");
      expect(
        (await store.motions.recommendAmendment(amendment.id, { kind: "reject", label: null, recommender: "Board" })).recommendation?.kind,
      ).toBe("reject");
    });

    it("links a draft poll and moves its subject by the vote's outcome", async () => {
      const store = ctx.store();
      const { event, item } = await ctx.setup(0);
      const motion = await store.motions.create(event.id, { title: "Vote me", text, submitters: [{ kind: "name", name: "Board" }] });
      const amendment = await store.motions.addAmendment(motion.id, {
        lineFrom: 3,
        lineTo: 3,
        text: "It asks the board to report back in writing.",
        submitters: [{ kind: "name", name: "Chapter" }],
      });
      const poll = await store.polls.create(event.id, { agendaItemId: item.id, title: "On Ä", kind: "yes_no_abstain" });
      await expectCode(store.motions.linkPoll(poll.id, { motionId: motion.id, amendmentId: "nope" }), "not_found");
      await store.motions.linkPoll(poll.id, { motionId: motion.id, amendmentId: amendment.id });
      expect(await store.motions.pollLink(poll.id)).toEqual({ motionId: motion.id, amendmentId: amendment.id });
      expect(await store.motions.linkedPolls(motion.id)).toEqual([{ pollId: poll.id, amendmentId: amendment.id }]);
      await expectCode(store.motions.checkVoteState(poll.id), "invalid_transition");
      // Not in a voting state: the outcome moves nothing.
      expect(await store.motions.decideByPoll(poll.id, "passed")).toBeNull();
      for (const state of ["admitted", "in_debate", "voting"]) await store.motions.transitionAmendment(amendment.id, state);
      await store.motions.checkVoteState(poll.id);
      const change = await store.motions.decideByPoll(poll.id, "passed");
      expect([change?.before.state, change?.after.state]).toEqual(["voting", "accepted"]);
      expect((await store.motions.getAmendment(amendment.id)).state).toBe("accepted");
      expect((await store.motions.get(motion.id)).state).toBe("submitted");
      const unlinked = await store.polls.create(event.id, { agendaItemId: item.id, title: "Other", kind: "yes_no_abstain" });
      expect(await store.motions.decideByPoll(unlinked.id, "passed")).toBeNull();
      await store.polls.setStatus(unlinked.id, "open");
      await expectCode(store.motions.linkPoll(unlinked.id, { motionId: motion.id, amendmentId: null }), "invalid_transition");
    });

    it("changes settings, refusing a workflow that drops a state in use", async () => {
      const store = ctx.store();
      const { event } = await ctx.setup(0);
      await store.motions.create(event.id, { title: "In use", text, submitters: [{ kind: "name", name: "Board" }] });
      const german = defaultWorkflow("de");
      const settings = await store.motions.updateSettings(event.id, { workflow: german, lineLength: 60, participantMotions: true });
      expect(settings).toMatchObject({ lineLength: 60, participantMotions: true, participantAmendments: false });
      expect((await store.motions.settings(event.id)).workflow.name).toBe("Antragsverfahren");
      const lacking = {
        ...german,
        initial: "admitted",
        states: german.states.filter((state) => state.id !== "submitted"),
      };
      await expectCode(store.motions.updateSettings(event.id, { workflow: lacking }), "conflict");
      await expectCode(store.motions.updateSettings(event.id, { lineLength: 5 }), "invalid");
      expect((await store.motions.settings(event.id)).lineLength).toBe(60);
    });
  });
}
