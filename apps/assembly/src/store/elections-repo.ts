import { randomUUID } from "node:crypto";
import type { Selectable } from "kysely";
import type { ElectionBallot } from "../domain/election/ballot.ts";
import { countElection, decideTie, type ElectionResult } from "../domain/election/count.ts";
import type { ElectionDefinition } from "../domain/election/definition.ts";
import {
  definitionAtOpening,
  type Election,
  type ElectionSetup,
  type ListedCandidate,
  type NominationPhase,
  nextCandidateId,
  requireDraft,
  validateCandidate,
  validateSetup,
} from "../domain/election/election.ts";
import { type ElectionPaper, paperVoterTotal, validateElectionPaper } from "../domain/election/paper.ts";
import { deriveRunoff } from "../domain/election/runoff.ts";
import type { SingleChoiceResult } from "../domain/election/single-choice.ts";
import { DomainError } from "../domain/errors.ts";
import { checkPaperWindow, checkWithinElectorate } from "../domain/paper-votes.ts";
import { validateQuorum } from "../domain/poll.ts";
import { parseElectionBallot } from "./ballot-box.ts";
import { namedRows } from "./ballots-repo.ts";
import { transact, type Executor, type StoreContext } from "./context.ts";
import { requireEvent } from "./events-repo.ts";
import { onlineVoters } from "./paper-votes.ts";
import { requireParticipant } from "./participants-repo.ts";
import { changePollStatus, checkAgendaItem, definitionColumns, requirePoll } from "./polls-repo.ts";
import { bool, iso, toPoll } from "./rows.ts";
import type { ElectionCandidatesTable, ElectionsTable, PollsTable } from "./schema.ts";
import { ballotsOfGroup } from "./secret-elections.ts";
import type { CandidateInput, ElectionBallots, ElectionPatch, ElectionsRepository, NewElectionRecord, StatusChange } from "./store.ts";

function toCandidate(row: Selectable<ElectionCandidatesTable>): ListedCandidate {
  return {
    id: row.id,
    name: row.name,
    group: row.group_name,
    gender: row.gender,
    region: row.region,
    statement: row.statement,
    participantId: row.participant_id,
    nominatedBy: row.nominated_by,
    withdrawn: row.withdrawn === 1,
  };
}

function toElection(poll: Selectable<PollsTable>, row: Selectable<ElectionsTable>, candidates: ListedCandidate[]): Election {
  const base = toPoll(poll);
  return {
    id: base.id,
    eventId: base.eventId,
    agendaItemId: base.agendaItemId,
    title: base.title,
    description: base.description,
    secret: base.secret,
    quorum: base.quorum,
    status: base.status,
    setup: JSON.parse(row.setup) as ElectionSetup,
    candidates,
    nomination: row.nomination as NominationPhase,
    definition: row.definition === null ? null : (JSON.parse(row.definition) as ElectionDefinition),
    result: row.result === null ? null : (JSON.parse(row.result) as ElectionResult),
    paper:
      row.paper === null
        ? null
        : {
            entry: JSON.parse(row.paper) as ElectionPaper,
            enteredBy: row.paper_entered_by ?? "",
            enteredAt: iso(row.paper_entered_at ?? 0),
          },
    lotSeed: row.lot_seed,
    runoffOf: row.runoff_of,
    eligibleCount: base.eligibleCount,
    eligibleWeight: base.eligibleWeight,
    createdAt: base.createdAt,
    openedAt: base.openedAt,
    closedAt: base.closedAt,
    publishedAt: base.publishedAt,
  };
}

async function candidatesOf(db: Executor, electionId: string): Promise<ListedCandidate[]> {
  const rows = await db.selectFrom("election_candidates").selectAll().where("election_id", "=", electionId).orderBy("position").execute();
  return rows.map(toCandidate);
}

/** Reads an election; `forUpdate` locks its poll row on PostgreSQL, as `requirePoll` does. */
export async function requireElection(ctx: StoreContext, db: Executor, electionId: string, forUpdate = false): Promise<Election> {
  let query = db.selectFrom("polls").selectAll().where("id", "=", electionId).where("kind", "=", "election");
  if (ctx.dialect === "postgres" && forUpdate) query = query.forUpdate();
  const poll = await query.executeTakeFirst();
  const row = poll && (await db.selectFrom("elections").selectAll().where("poll_id", "=", electionId).executeTakeFirst());
  if (poll === undefined || row === undefined) throw new DomainError("not_found", "election not found", { electionId });
  return toElection(poll, row, await candidatesOf(db, electionId));
}

/** The poll row's definition columns for an election: its ballot box carries title, secrecy and quorum; the rest is the election's. */
function boxColumns(
  agendaItemId: string,
  title: string,
  description: string,
  secret: boolean,
  quorum: Election["quorum"],
  setup: ElectionSetup,
) {
  return definitionColumns({
    agendaItemId,
    title: title.trim(),
    description,
    kind: "election",
    options: [],
    minChoices: 0,
    maxChoices: 0,
    allowAbstain: setup.allowAbstain ?? true,
    secret,
    majority: { kind: "simple" },
    abstentionsCount: setup.abstentionsCount ?? false,
    quorum,
    // The election's definition carries its own split rule; the poll row's is for floor polls.
    allowSplit: false,
  });
}

async function insertCandidate(
  trx: Executor,
  election: Pick<Election, "id" | "eventId" | "candidates">,
  input: CandidateInput,
  nominatedBy: string | null,
): Promise<ListedCandidate> {
  const roll = input.participantId === undefined ? undefined : await requireParticipant(trx, input.participantId);
  if (roll !== undefined && roll.eventId !== election.eventId) throw new DomainError("not_found", "participant not in this event");
  if (roll !== undefined && election.candidates.some((c) => c.participantId === roll.id && !c.withdrawn)) {
    throw new DomainError("invalid", "this participant is already a candidate", { field: "participantId" });
  }
  const candidate = validateCandidate({
    id: nextCandidateId(election.candidates),
    name: input.name ?? roll?.name ?? "",
    group: input.group ?? roll?.group ?? null,
    gender: input.gender ?? null,
    region: input.region ?? roll?.region ?? null,
    statement: input.statement ?? "",
  });
  await trx
    .insertInto("election_candidates")
    .values({
      election_id: election.id,
      id: candidate.id,
      position: election.candidates.length,
      name: candidate.name,
      group_name: candidate.group,
      gender: candidate.gender,
      region: candidate.region,
      statement: candidate.statement,
      participant_id: roll?.id ?? null,
      nominated_by: nominatedBy,
      withdrawn: 0,
    })
    .execute();
  return { ...candidate, participantId: roll?.id ?? null, nominatedBy, withdrawn: false };
}

async function createElection(
  ctx: StoreContext,
  eventId: string,
  input: NewElectionRecord,
  runoffOf: string | null = null,
): Promise<Election> {
  const description = input.description ?? "";
  const setup = validateSetup(input.title, description, input.setup);
  const quorum = validateQuorum(input.quorum ?? null);
  return transact(ctx, async (trx) => {
    await requireEvent(trx, eventId);
    await checkAgendaItem(trx, eventId, input.agendaItemId);
    const id = randomUUID();
    await trx
      .insertInto("polls")
      .values({
        id,
        event_id: eventId,
        ...boxColumns(input.agendaItemId, input.title, description, input.secret ?? false, quorum, setup),
        status: "draft",
        eligible_count: null,
        eligible_weight: null,
        created_at: ctx.now(),
        opened_at: null,
        closed_at: null,
        published_at: null,
      })
      .execute();
    await trx
      .insertInto("elections")
      .values({
        poll_id: id,
        setup: JSON.stringify(setup),
        definition: null,
        nomination: input.nomination === true ? "open" : "none",
        lot_seed: null,
        result: null,
        runoff_of: runoffOf,
      })
      .execute();
    const listed: ListedCandidate[] = [];
    for (const candidate of input.candidates ?? [])
      listed.push(await insertCandidate(trx, { id, eventId, candidates: listed }, candidate, null));
    return requireElection(ctx, trx, id);
  });
}

export async function listElections(ctx: StoreContext, eventId: string): Promise<Election[]> {
  await requireEvent(ctx.db, eventId);
  const rows = await ctx.db
    .selectFrom("polls")
    .innerJoin("agenda_items", "agenda_items.id", "polls.agenda_item_id")
    .select("polls.id")
    .where("polls.event_id", "=", eventId)
    .where("polls.kind", "=", "election")
    .orderBy("agenda_items.position")
    .orderBy("polls.created_at")
    .orderBy("polls.id")
    .execute();
  return Promise.all(rows.map((row) => requireElection(ctx, ctx.db, row.id)));
}

async function updateElection(ctx: StoreContext, electionId: string, patch: ElectionPatch): Promise<Election> {
  return transact(ctx, async (trx) => {
    const current = await requireElection(ctx, trx, electionId, true);
    requireDraft(current, "the rules can change");
    const next = {
      agendaItemId: patch.agendaItemId ?? current.agendaItemId,
      title: patch.title ?? current.title,
      description: patch.description ?? current.description,
      secret: patch.secret ?? current.secret,
      quorum: patch.quorum === undefined ? current.quorum : validateQuorum(patch.quorum),
      setup: patch.setup ?? current.setup,
    };
    validateSetup(next.title, next.description, next.setup);
    await checkAgendaItem(trx, current.eventId, next.agendaItemId);
    await trx
      .updateTable("polls")
      .set(boxColumns(next.agendaItemId, next.title, next.description, next.secret, next.quorum, next.setup))
      .where("id", "=", electionId)
      .execute();
    await trx
      .updateTable("elections")
      .set({ setup: JSON.stringify(next.setup) })
      .where("poll_id", "=", electionId)
      .execute();
    return requireElection(ctx, trx, electionId);
  });
}

async function deleteElection(ctx: StoreContext, electionId: string): Promise<void> {
  await transact(ctx, async (trx) => {
    requireDraft(await requireElection(ctx, trx, electionId, true), "it can be deleted");
    await trx.deleteFrom("election_candidates").where("election_id", "=", electionId).execute();
    await trx.deleteFrom("elections").where("poll_id", "=", electionId).execute();
    await trx.deleteFrom("polls").where("id", "=", electionId).execute();
  });
}

/** A change of the list: draft only, and through a nomination only while the phase is open. */
async function changeList(
  ctx: StoreContext,
  electionId: string,
  change: (trx: Executor, election: Election) => Promise<void>,
): Promise<Election> {
  return transact(ctx, async (trx) => {
    const election = await requireElection(ctx, trx, electionId, true);
    requireDraft(election, "the candidate list can change");
    await change(trx, election);
    return requireElection(ctx, trx, electionId);
  });
}

async function setCandidateWithdrawn(trx: Executor, election: Election, candidateId: string, withdrawn: boolean): Promise<void> {
  if (!election.candidates.some((candidate) => candidate.id === candidateId)) throw new DomainError("not_found", "candidate not found");
  await trx
    .updateTable("election_candidates")
    .set({ withdrawn: bool(withdrawn) })
    .where("election_id", "=", election.id)
    .where("id", "=", candidateId)
    .execute();
}

async function reorder(trx: Executor, election: Election, order: readonly string[]): Promise<void> {
  const ids = election.candidates.map((candidate) => candidate.id);
  if (order.length !== ids.length || new Set(order).size !== ids.length || !order.every((id) => ids.includes(id))) {
    throw new DomainError("invalid", "the new order must list every candidate once", { field: "order" });
  }
  for (const [position, id] of order.entries()) {
    await trx.updateTable("election_candidates").set({ position }).where("election_id", "=", election.id).where("id", "=", id).execute();
  }
}

async function nominate(ctx: StoreContext, electionId: string, input: CandidateInput, nominatedBy: string): Promise<Election> {
  return changeList(ctx, electionId, async (trx, election) => {
    if (election.nomination !== "open") {
      throw new DomainError("invalid_transition", "nominations are not open for this election", { nomination: election.nomination });
    }
    await insertCandidate(trx, election, input, nominatedBy);
  });
}

async function setNomination(ctx: StoreContext, electionId: string, phase: "open" | "closed"): Promise<Election> {
  return changeList(ctx, electionId, async (trx, election) => {
    if (election.nomination === phase) throw new DomainError("invalid_transition", `nominations are already ${phase}`);
    await trx.updateTable("elections").set({ nomination: phase }).where("poll_id", "=", election.id).execute();
  });
}

/** The ballots of an election as the count takes them: named ballots as cast, a closed secret election's groups spread out. */
async function countedBallots(db: Executor, election: Election): Promise<ElectionBallot[]> {
  if (!election.secret) {
    const rows = await db.selectFrom("ballots").select(["choice", "weight"]).where("poll_id", "=", election.id).execute();
    return rows.map((row) => parseElectionBallot(row.choice, row.weight));
  }
  const groups = await db
    .selectFrom("election_totals")
    .select(["ballot", "ballots", "weight"])
    .where("poll_id", "=", election.id)
    .execute();
  return groups.flatMap((group) => ballotsOfGroup({ ...group, weight: Number(group.weight) }));
}

async function setElectionStatus(ctx: StoreContext, electionId: string, change: StatusChange): Promise<Election> {
  return transact(ctx, async (trx) => {
    const election = await requireElection(ctx, trx, electionId, true);
    const poll = await requirePoll(ctx, trx, electionId, true);
    if (change.status === "open") {
      if (election.nomination === "open") throw new DomainError("invalid_transition", "close the nominations before opening the election");
      const definition = definitionAtOpening(election);
      // The ballot box needs the definition before it opens: a secret box's plaintext is sized by it.
      await trx
        .updateTable("elections")
        .set({ definition: JSON.stringify(definition) })
        .where("poll_id", "=", electionId)
        .execute();
    }
    await changePollStatus(ctx, trx, poll, change.status);
    if (change.status === "closed") {
      const closed = await requireElection(ctx, trx, electionId);
      const definition = closed.definition as ElectionDefinition;
      const seed = definition.tieRule.kind === "lot" ? (change.seed ?? null) : null;
      const result = countElection(definition, await countedBallots(trx, closed), { seed });
      await trx
        .updateTable("elections")
        .set({ result: JSON.stringify(result), lot_seed: seed })
        .where("poll_id", "=", electionId)
        .execute();
    }
    return requireElection(ctx, trx, electionId);
  });
}

async function decideElectionTie(ctx: StoreContext, electionId: string, order: readonly string[]): Promise<Election> {
  return transact(ctx, async (trx) => {
    const election = await requireElection(ctx, trx, electionId, true);
    if (election.definition === null || election.result === null) {
      throw new DomainError("invalid_transition", "this election has no result waiting for a tie decision");
    }
    const result = decideTie(
      election.definition,
      await countedBallots(trx, election),
      election.result,
      order,
      election.paper?.entry ?? null,
    );
    await trx
      .updateTable("elections")
      .set({ result: JSON.stringify(result) })
      .where("poll_id", "=", electionId)
      .execute();
    return requireElection(ctx, trx, electionId);
  });
}

/**
 * Enters (or, with null, removes) an election's paper part: only while it is
 * closed, checked against its method and, with the online ballots, against
 * the electorate frozen at opening; then counts again, online and paper
 * together, from the same lot seed. A chair's earlier tie decisions are
 * dropped: the new totals may tie elsewhere, or not at all.
 */
async function setElectionPaper(ctx: StoreContext, electionId: string, paper: ElectionPaper | null, enteredBy: string): Promise<Election> {
  return transact(ctx, async (trx) => {
    const election = await requireElection(ctx, trx, electionId, true);
    checkPaperWindow(election.status, "counts");
    const definition = election.definition as ElectionDefinition;
    const entry = paper === null ? null : validateElectionPaper(definition, paper);
    if (entry !== null) checkWithinElectorate(election, await onlineVoters(trx, electionId), paperVoterTotal(entry));
    const result = countElection(definition, await countedBallots(trx, election), { seed: election.lotSeed, paper: entry });
    await trx
      .updateTable("elections")
      .set({
        result: JSON.stringify(result),
        paper: entry === null ? null : JSON.stringify(entry),
        paper_entered_by: entry === null ? null : enteredBy,
        paper_entered_at: entry === null ? null : ctx.now(),
      })
      .where("poll_id", "=", electionId)
      .execute();
    return requireElection(ctx, trx, electionId);
  });
}

async function exportBallots(ctx: StoreContext, electionId: string): Promise<ElectionBallots> {
  const election = await requireElection(ctx, ctx.db, electionId);
  if (election.status === "draft" || election.status === "open") {
    throw new DomainError("results_not_available", "ballots are available once the election is closed", { status: election.status });
  }
  if (election.secret) {
    const groups = await ctx.db
      .selectFrom("election_totals")
      .select(["ballot", "ballots", "weight"])
      .where("poll_id", "=", electionId)
      .orderBy("ballot")
      .execute();
    type Group = Extract<ElectionBallots, { kind: "grouped" }>["groups"][number];
    return {
      kind: "grouped",
      groups: groups.map((g) => ({ ...(JSON.parse(g.ballot) as object), ballots: g.ballots, weight: Number(g.weight) }) as Group),
    };
  }
  const rows = await namedRows(ctx.db, electionId);
  return {
    kind: "named",
    ballots: rows.map((row) => ({
      participantId: row.participant_id as string,
      name: row.name,
      voterId: row.voter_id as string,
      ballot: parseElectionBallot(row.choice, row.weight),
    })),
  };
}

async function createRunoff(ctx: StoreContext, electionId: string): Promise<Election> {
  return transact(ctx, async (trx) => {
    const first = await requireElection(ctx, trx, electionId, true);
    if (first.definition === null || first.result === null || first.result.method !== "single_choice") {
      throw new DomainError("invalid_transition", "this election has no single-choice result to run off");
    }
    const existing = await trx.selectFrom("elections").select("poll_id").where("runoff_of", "=", electionId).executeTakeFirst();
    if (existing !== undefined)
      throw new DomainError("invalid_transition", "this election already has its runoff", { runoffId: existing.poll_id });
    const runoff = deriveRunoff(first.definition, first.result as SingleChoiceResult);
    const { title, description, candidates, ...setup } = runoff;
    const byId = new Map(first.candidates.map((candidate) => [candidate.id, candidate]));
    return createElection(
      { ...ctx, db: trx },
      first.eventId,
      {
        agendaItemId: first.agendaItemId,
        title,
        description,
        secret: first.secret,
        quorum: first.quorum,
        setup,
        candidates: candidates.map(({ id, ...candidate }) => ({ ...candidate, participantId: byId.get(id)?.participantId ?? undefined })),
      },
      electionId,
    );
  });
}

/** `ElectionsRepository` over the store's context. */
export class SqlElections implements ElectionsRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async create(eventId: string, input: NewElectionRecord): Promise<Election> {
    return createElection(this.#ctx(), eventId, input);
  }
  async get(electionId: string): Promise<Election> {
    const ctx = this.#ctx();
    return requireElection(ctx, ctx.db, electionId);
  }
  async list(eventId: string): Promise<Election[]> {
    return listElections(this.#ctx(), eventId);
  }
  async update(electionId: string, patch: ElectionPatch): Promise<Election> {
    return updateElection(this.#ctx(), electionId, patch);
  }
  async delete(electionId: string): Promise<void> {
    return deleteElection(this.#ctx(), electionId);
  }
  async addCandidate(electionId: string, input: CandidateInput): Promise<Election> {
    return changeList(this.#ctx(), electionId, async (trx, election) => {
      await insertCandidate(trx, election, input, null);
    });
  }
  async setWithdrawn(electionId: string, candidateId: string, withdrawn: boolean): Promise<Election> {
    return changeList(this.#ctx(), electionId, (trx, election) => setCandidateWithdrawn(trx, election, candidateId, withdrawn));
  }
  async reorder(electionId: string, order: readonly string[]): Promise<Election> {
    return changeList(this.#ctx(), electionId, (trx, election) => reorder(trx, election, order));
  }
  async nominate(electionId: string, input: CandidateInput, nominatedBy: string): Promise<Election> {
    return nominate(this.#ctx(), electionId, input, nominatedBy);
  }
  async setNomination(electionId: string, phase: "open" | "closed"): Promise<Election> {
    return setNomination(this.#ctx(), electionId, phase);
  }
  async setStatus(electionId: string, change: StatusChange): Promise<Election> {
    return setElectionStatus(this.#ctx(), electionId, change);
  }
  async ballots(electionId: string): Promise<ElectionBallots> {
    return exportBallots(this.#ctx(), electionId);
  }
  async createRunoff(electionId: string): Promise<Election> {
    return createRunoff(this.#ctx(), electionId);
  }
  async decideTie(electionId: string, order: readonly string[]): Promise<Election> {
    return decideElectionTie(this.#ctx(), electionId, order);
  }
  async setPaper(electionId: string, paper: ElectionPaper | null, enteredBy: string): Promise<Election> {
    return setElectionPaper(this.#ctx(), electionId, paper, enteredBy);
  }
}
