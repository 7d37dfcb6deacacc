import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { noInput } from "../api/schemas/common.ts";
import {
  candidateInput,
  electionExportInput,
  electionPaperInput,
  electionPatchInput,
  electionRef,
  newElectionInput,
  reorderInput,
  setupKeys,
  tieDecisionInput,
  withdrawalInput,
} from "../api/schemas/elections.ts";
import { electionCsv } from "../csv/election-csv.ts";
import type { Election, ElectionSetup } from "../domain/election/election.ts";
import type { ElectionPaper } from "../domain/election/paper.ts";
import type { ElectionBallots, StatusChange, StoreOperations } from "../store/store.ts";
import { actorOf } from "./actor.ts";
import { adminIn, audited, auditedCreation, auditedUpdate, recordRead } from "./audit.ts";
import type { EventCommand, EventQuery } from "./command.ts";
import { csvExportFormat } from "./csv-export-format.ts";
import { csvDownload, type Download } from "./download.ts";
import { eventChanged, unwatched } from "./effect.ts";
import { electionOf } from "./scoped.ts";

type ElectionAnswer = { election: Election };

/** The election's rules out of a flat input: what is not title, description, secrecy, quorum, agenda item or list. */
function setupOf(input: Record<string, unknown>): ElectionSetup {
  const setup: Record<string, unknown> = {};
  for (const key of setupKeys) if (input[key] !== undefined) setup[key] = input[key];
  return setup as unknown as ElectionSetup;
}

export const listElections: EventQuery<object, { elections: Election[] }> = {
  name: "listElections",
  permission: "event.view",
  input: noInput,
  run: async ({ store }, { event }) => ({ elections: await store.elections.list(event.id) }),
};

export const getElection: EventQuery<{ electionId: string }, ElectionAnswer> = {
  name: "getElection",
  permission: "event.view",
  input: electionRef,
  run: async ({ store }, { event }, { electionId }) => ({ election: await electionOf(store, event.id, electionId) }),
};

export const createElection: EventCommand<z.output<typeof newElectionInput>, ElectionAnswer> = {
  name: "createElection",
  permission: "polls.manage",
  input: newElectionInput,
  async run({ store }, access, input) {
    const { agendaItemId, title, description, secret, quorum, candidates, nomination } = input;
    const election = await auditedCreation(store, adminIn(access), "election.create", (tx) =>
      tx.elections.create(access.event.id, {
        agendaItemId,
        title,
        description,
        secret,
        quorum,
        setup: setupOf(input),
        candidates,
        nomination,
      }),
    );
    return { result: { election }, effects: eventChanged(access.event.id) };
  },
};

/** A change of one draft election, audited with the election before and after. */
function electionChange<Input extends { electionId: string }>(
  name: string,
  action: string,
  input: z.ZodType<Input>,
  change: (tx: StoreOperations, input: Input, current: Election) => Promise<Election>,
): EventCommand<Input, ElectionAnswer> {
  return {
    name,
    permission: "polls.manage",
    input,
    async run({ store }, access, given) {
      let current: Election | undefined;
      const election = await auditedUpdate(
        store,
        adminIn(access),
        action,
        given.electionId,
        async (tx) => (current = await electionOf(tx, access.event.id, given.electionId)),
        (tx) => change(tx, given, current as Election),
      );
      return { result: { election }, effects: eventChanged(access.event.id) };
    },
  };
}

export const updateElection = electionChange(
  "updateElection",
  "election.update",
  electionPatchInput,
  (tx, { electionId, agendaItemId, title, description, secret, quorum, ...rules }, current) =>
    tx.elections.update(electionId, {
      agendaItemId,
      title,
      description,
      secret,
      quorum,
      // Rules given replace the whole setup; none given keep it.
      setup: Object.keys(setupOf(rules)).length === 0 ? undefined : { ...current.setup, ...setupOf(rules) },
    }),
);

export const addCandidate = electionChange("addCandidate", "election.candidate.add", candidateInput, (tx, { electionId, ...candidate }) =>
  tx.elections.addCandidate(electionId, candidate),
);

export const withdrawCandidate = electionChange(
  "withdrawCandidate",
  "election.candidate.withdraw",
  withdrawalInput,
  (tx, { electionId, candidateId, withdrawn }) => tx.elections.setWithdrawn(electionId, candidateId, withdrawn),
);

export const reorderCandidates = electionChange(
  "reorderCandidates",
  "election.candidate.reorder",
  reorderInput,
  (tx, { electionId, order }) => tx.elections.reorder(electionId, order),
);

export const openNominations = electionChange("openNominations", "election.nomination.open", electionRef, (tx, { electionId }) =>
  tx.elections.setNomination(electionId, "open"),
);

export const closeNominations = electionChange("closeNominations", "election.nomination.close", electionRef, (tx, { electionId }) =>
  tx.elections.setNomination(electionId, "closed"),
);

export const deleteElection: EventCommand<{ electionId: string }, undefined> = {
  name: "deleteElection",
  permission: "polls.manage",
  input: electionRef,
  async run({ store }, access, { electionId }) {
    await audited(store, adminIn(access), "election.delete", async (tx) => {
      const before = await electionOf(tx, access.event.id, electionId);
      await tx.elections.delete(electionId);
      return { result: undefined, audit: { subject: electionId, before } };
    });
    return { result: undefined, effects: eventChanged(access.event.id) };
  },
};

/**
 * One step of the open → closed → published run. Closing draws the lot seed
 * (lot rule) after the last ballot, counts, and writes the lot's seed to the audit
 * entry, so anyone can redo the draws.
 */
function electionStep(
  verb: "open" | "close" | "publish",
  change: () => StatusChange,
): EventCommand<{ electionId: string }, ElectionAnswer> {
  return {
    name: `${verb}Election`,
    permission: "polls.run",
    input: electionRef,
    async run({ store }, access, { electionId }) {
      const election = await audited(store, adminIn(access), `election.${verb}`, async (tx) => {
        const before = await electionOf(tx, access.event.id, electionId);
        const after = await tx.elections.setStatus(electionId, change());
        const counted =
          verb === "close" ? { lotSeed: after.lotSeed, elected: after.result?.elected ?? [], resultStatus: after.result?.status } : {};
        return {
          result: after,
          audit: { subject: electionId, before: { status: before.status }, after: { status: after.status, ...counted } },
        };
      });
      return { result: { election }, effects: eventChanged(access.event.id) };
    },
  };
}

export const openElection = electionStep("open", () => ({ status: "open" }));
export const closeElection = electionStep("close", () => ({ status: "closed", seed: randomBytes(16).toString("hex") }));
export const publishElection = electionStep("publish", () => ({ status: "published" }));

/** A runoff from a single-choice result that asks for one: a draft with the runoff's candidates, ready to open. */
export const createRunoff: EventCommand<{ electionId: string }, ElectionAnswer> = {
  name: "createRunoff",
  permission: "polls.manage",
  input: electionRef,
  async run({ store }, access, { electionId }) {
    const election = await auditedCreation(store, adminIn(access), "election.runoff", async (tx) => {
      await electionOf(tx, access.event.id, electionId);
      return tx.elections.createRunoff(electionId);
    });
    return { result: { election }, effects: eventChanged(access.event.id) };
  },
};

/** The chair decides a tie the count waits for (chair rule); the decision is in the audit entry and the result. */
export const decideTie: EventCommand<z.output<typeof tieDecisionInput>, ElectionAnswer> = {
  name: "decideTie",
  permission: "polls.run",
  input: tieDecisionInput,
  async run({ store }, access, { electionId, order }) {
    const election = await audited(store, adminIn(access), "election.tie", async (tx) => {
      const before = await electionOf(tx, access.event.id, electionId);
      const after = await tx.elections.decideTie(electionId, order);
      const tieId = before.result?.pendingTie?.tieId ?? null;
      return { result: after, audit: { subject: electionId, after: { tieId, order, resultStatus: after.result?.status } } };
    });
    return { result: { election }, effects: eventChanged(access.event.id) };
  },
};

/**
 * Sets a closed election's paper part to what `paperIn` takes from the input
 * (null removes it) and counts again; audited with the paper part and the
 * elected before and after, so the log shows what the paper ballots changed.
 */
function electionPaperCommand<Input extends { electionId: string }>(
  name: string,
  input: z.ZodType<Input>,
  paperIn: (input: Input) => ElectionPaper | null,
): EventCommand<Input, ElectionAnswer> {
  const described = (election: Election) => ({ paper: election.paper?.entry ?? null, elected: election.result?.elected ?? [] });
  return {
    name,
    permission: "polls.run",
    input,
    async run({ store }, access, given) {
      const { electionId } = given;
      const election = await audited(store, adminIn(access), "election.paper", async (tx) => {
        const before = await electionOf(tx, access.event.id, electionId);
        const after = await tx.elections.setPaper(electionId, paperIn(given), actorOf(access.admin));
        return { result: after, audit: { subject: electionId, before: described(before), after: described(after) } };
      });
      return { result: { election }, effects: eventChanged(access.event.id) };
    },
  };
}

export const setElectionPaper = electionPaperCommand("setElectionPaper", electionPaperInput, ({ paper }) => paper);
export const clearElectionPaper = electionPaperCommand("clearElectionPaper", electionRef, () => null);

/** Who voted what, for named elections once voting has ended; a secret election's ballots come grouped, linked to no one. */
export const electionBallots: EventQuery<{ electionId: string }, { ballots: ElectionBallots }> = {
  name: "electionBallots",
  permission: "results.view",
  input: electionRef,
  async run({ store }, { event }, { electionId }) {
    await electionOf(store, event.id, electionId);
    return { ballots: await store.elections.ballots(electionId) };
  },
};

/** The election with its result and its ballots for the minutes, as CSV or JSON; every download is audited. */
export const exportElection: EventCommand<z.output<typeof electionExportInput>, Download> = {
  name: "exportElection",
  permission: "export",
  input: electionExportInput,
  async run({ store }, access, { electionId, format, separator }) {
    const election = await electionOf(store, access.event.id, electionId);
    const ballots = await store.elections.ballots(electionId);
    await recordRead(store, access, "export.election");
    const file: Download =
      format === "csv"
        ? csvDownload(`election-${electionId}.csv`, electionCsv(election, ballots, await csvExportFormat(store, access.event, separator)))
        : {
            contentType: "application/json; charset=utf-8",
            filename: `election-${electionId}.json`,
            body: JSON.stringify({ election, ballots }, null, 2),
          };
    return { result: file, effects: unwatched("a download changes nothing shown; the audit log is read on request") };
  },
};
