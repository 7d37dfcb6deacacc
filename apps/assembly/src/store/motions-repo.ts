import { randomUUID } from "node:crypto";
import type { Selectable } from "kysely";
import { DomainError } from "../domain/errors.ts";
import { type Amendment, type NewAmendment, validateNewAmendment } from "../domain/motion/amendment.ts";
import {
  addSupporter,
  applyMotionPatch,
  type Motion,
  type MotionDefinition,
  type MotionPatch,
  type NewMotion,
  removeSupporter,
  setRecommendation,
  transitionMotion,
  validateNewMotion,
} from "../domain/motion/motion.ts";
import {
  applyMotionSettingsPatch,
  defaultMotionSettings,
  type MotionSettings,
  type MotionSettingsPatch,
} from "../domain/motion/motion-settings.ts";
import type { Recommendation } from "../domain/motion/recommendation.ts";
import type { Submitter } from "../domain/motion/submitter.ts";
import { checkWorkflowReplacement, stateAfterVote, transitionState, type Workflow } from "../domain/motion/workflow.ts";
import type { PollOutcome } from "../domain/tally.ts";
import { requireAgendaItem } from "./agenda-repo.ts";
import { type Executor, type StoreContext, transact } from "./context.ts";
import { requireEvent } from "./events-repo.ts";
import { bool, iso } from "./rows.ts";
import type { AmendmentsTable, MotionsTable } from "./schema.ts";
import { isUniqueViolation } from "./sql-errors.ts";
import type { MotionPollLink, MotionsRepository, StateChange } from "./store.ts";

function toAmendment(row: Selectable<AmendmentsTable>): Amendment {
  return {
    id: row.id,
    motionId: row.motion_id,
    number: row.number,
    lineFrom: row.line_from,
    lineTo: row.line_to,
    original: row.original,
    text: row.text,
    reason: row.reason,
    submitters: JSON.parse(row.submitters) as Submitter[],
    state: row.state,
    recommendation: row.recommendation === null ? null : (JSON.parse(row.recommendation) as Recommendation),
    createdAt: iso(row.created_at),
  };
}

function toMotion(row: Selectable<MotionsTable>, supporters: readonly string[]): Motion {
  return {
    id: row.id,
    eventId: row.event_id,
    number: row.number,
    title: row.title,
    text: row.text,
    reason: row.reason,
    submitters: JSON.parse(row.submitters) as Submitter[],
    minSupporters: row.min_supporters,
    category: row.category,
    agendaItemId: row.agenda_item_id,
    state: row.state,
    supporters,
    recommendation: row.recommendation === null ? null : (JSON.parse(row.recommendation) as Recommendation),
    createdAt: iso(row.created_at),
  };
}

const json = (value: unknown): string => JSON.stringify(value);

async function supportersOf(db: Executor, motionIds: readonly string[]): Promise<Map<string, string[]>> {
  const byMotion = new Map<string, string[]>(motionIds.map((id) => [id, []]));
  if (motionIds.length === 0) return byMotion;
  const rows = await db
    .selectFrom("motion_supporters")
    .select(["motion_id", "participant_id"])
    .where("motion_id", "in", motionIds)
    .orderBy("supported_at")
    .orderBy("participant_id")
    .execute();
  for (const row of rows) byMotion.get(row.motion_id)!.push(row.participant_id);
  return byMotion;
}

/** Reads a motion; `forUpdate` locks its row on PostgreSQL so state changes of one motion run one after another. */
async function requireMotion(ctx: StoreContext, db: Executor, motionId: string, forUpdate = false): Promise<Motion> {
  let query = db.selectFrom("motions").selectAll().where("id", "=", motionId);
  if (ctx.dialect === "postgres" && forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (row === undefined) throw new DomainError("not_found", "motion not found", { motionId });
  return toMotion(row, (await supportersOf(db, [motionId])).get(motionId)!);
}

async function requireAmendment(ctx: StoreContext, db: Executor, amendmentId: string, forUpdate = false): Promise<Amendment> {
  let query = db.selectFrom("amendments").selectAll().where("id", "=", amendmentId);
  if (ctx.dialect === "postgres" && forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (row === undefined) throw new DomainError("not_found", "amendment not found", { amendmentId });
  return toAmendment(row);
}

export async function motionSettings(db: Executor, eventId: string): Promise<MotionSettings> {
  const row = await db.selectFrom("motion_settings").selectAll().where("event_id", "=", eventId).executeTakeFirst();
  if (row === undefined) return defaultMotionSettings;
  return {
    workflow: JSON.parse(row.workflow) as Workflow,
    lineLength: row.line_length,
    participantMotions: row.participant_motions === 1,
    participantAmendments: row.participant_amendments === 1,
  };
}

async function updateSettings(ctx: StoreContext, eventId: string, patch: MotionSettingsPatch): Promise<MotionSettings> {
  return transact(ctx, async (trx) => {
    await requireEvent(trx, eventId);
    const next = applyMotionSettingsPatch(await motionSettings(trx, eventId), patch);
    if (patch.workflow !== undefined) {
      const motionStates = await trx.selectFrom("motions").select("state").distinct().where("event_id", "=", eventId).execute();
      const amendmentStates = await trx.selectFrom("amendments").select("state").distinct().where("event_id", "=", eventId).execute();
      checkWorkflowReplacement(
        next.workflow,
        [...motionStates, ...amendmentStates].map((row) => row.state),
      );
    }
    const columns = {
      workflow: json(next.workflow),
      line_length: next.lineLength,
      participant_motions: bool(next.participantMotions),
      participant_amendments: bool(next.participantAmendments),
      updated_at: ctx.now(),
    };
    await trx
      .insertInto("motion_settings")
      .values({ event_id: eventId, ...columns })
      .onConflict((oc) => oc.column("event_id").doUpdateSet(columns))
      .execute();
    return next;
  });
}

/** Refuses participants of another event among the submitters: a motion names people of its own assembly. */
async function checkSubmitters(db: Executor, eventId: string, submitters: readonly Submitter[]): Promise<void> {
  const ids = [...new Set(submitters.flatMap((s) => (s.kind === "participant" ? [s.participantId] : [])))];
  if (ids.length === 0) return;
  const found = await db.selectFrom("participants").select("id").where("event_id", "=", eventId).where("id", "in", ids).execute();
  if (found.length !== ids.length) {
    const known = new Set(found.map((row) => row.id));
    throw new DomainError("not_found", "a submitter is not a participant of this event", {
      field: "submitters",
      participantIds: ids.filter((id) => !known.has(id)),
    });
  }
}

async function checkPlacement(db: Executor, eventId: string, definition: MotionDefinition): Promise<void> {
  if (definition.agendaItemId !== null && (await requireAgendaItem(db, definition.agendaItemId)).eventId !== eventId) {
    throw new DomainError("not_found", "agenda item not in this event", { agendaItemId: definition.agendaItemId });
  }
  await checkSubmitters(db, eventId, definition.submitters);
}

async function checkNumberFree(db: Executor, table: "motions" | "amendments", scope: string, number: string | null, self?: string) {
  if (number === null) return;
  const column = table === "motions" ? "event_id" : "motion_id";
  const rows = await db.selectFrom(table).select(["id", "number"]).where(column, "=", scope).where("number", "is not", null).execute();
  const taken = rows.find((row) => row.id !== self && row.number!.toLowerCase() === number.toLowerCase());
  if (taken) throw new DomainError("conflict", `the number ${number} is taken`, { field: "number", number });
}

function definitionColumns(definition: MotionDefinition) {
  return {
    number: definition.number,
    title: definition.title,
    text: definition.text,
    reason: definition.reason,
    submitters: json(definition.submitters),
    min_supporters: definition.minSupporters,
    category: definition.category,
    agenda_item_id: definition.agendaItemId,
  };
}

/** Unique numbers are checked first; a concurrent writer taking one meanwhile is the same conflict. */
async function numberedWrite<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict", "the number is taken", { field: "number" });
    throw error;
  }
}

async function insertMotions(ctx: StoreContext, eventId: string, definitions: readonly MotionDefinition[]): Promise<string[]> {
  return numberedWrite(() =>
    transact(ctx, async (trx) => {
      await requireEvent(trx, eventId);
      const { workflow } = await motionSettings(trx, eventId);
      const numbers = new Set<string>();
      for (const definition of definitions) {
        await checkPlacement(trx, eventId, definition);
        await checkNumberFree(trx, "motions", eventId, definition.number);
        const key = definition.number?.toLowerCase();
        if (key !== undefined && numbers.has(key)) throw new DomainError("conflict", `the number ${definition.number} is given twice`);
        if (key !== undefined) numbers.add(key);
      }
      const last = await trx
        .selectFrom("motions")
        .select((eb) => eb.fn.max("position").as("position"))
        .where("event_id", "=", eventId)
        .executeTakeFirst();
      let position = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
      const ids: string[] = [];
      for (const definition of definitions) {
        const id = randomUUID();
        ids.push(id);
        await trx
          .insertInto("motions")
          .values({
            id,
            event_id: eventId,
            ...definitionColumns(definition),
            state: workflow.initial,
            recommendation: null,
            position: position++,
            created_at: ctx.now(),
          })
          .execute();
      }
      return ids;
    }),
  );
}

async function listMotions(ctx: StoreContext, eventId: string): Promise<Motion[]> {
  await requireEvent(ctx.db, eventId);
  const rows = await ctx.db.selectFrom("motions").selectAll().where("event_id", "=", eventId).orderBy("position").execute();
  const supporters = await supportersOf(
    ctx.db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toMotion(row, supporters.get(row.id)!));
}

async function updateMotion(ctx: StoreContext, motionId: string, patch: MotionPatch): Promise<Motion> {
  return numberedWrite(() =>
    transact(ctx, async (trx) => {
      const current = await requireMotion(ctx, trx, motionId, true);
      const { workflow } = await motionSettings(trx, current.eventId);
      const definition = applyMotionPatch(workflow, current, patch);
      await checkPlacement(trx, current.eventId, definition);
      await checkNumberFree(trx, "motions", current.eventId, definition.number, motionId);
      await trx.updateTable("motions").set(definitionColumns(definition)).where("id", "=", motionId).execute();
      return requireMotion(ctx, trx, motionId);
    }),
  );
}

async function moveMotion(ctx: StoreContext, motionId: string, to: string): Promise<StateChange<Motion>> {
  return transact(ctx, async (trx) => {
    const before = await requireMotion(ctx, trx, motionId, true);
    const { workflow } = await motionSettings(trx, before.eventId);
    transitionMotion(workflow, before, to);
    await trx.updateTable("motions").set({ state: to }).where("id", "=", motionId).execute();
    return { before, after: await requireMotion(ctx, trx, motionId) };
  });
}

async function changeSupport(ctx: StoreContext, motionId: string, participantId: string, support: boolean): Promise<Motion> {
  return transact(ctx, async (trx) => {
    const motion = await requireMotion(ctx, trx, motionId, true);
    const { workflow } = await motionSettings(trx, motion.eventId);
    if (support) {
      addSupporter(workflow, motion, participantId);
      await trx
        .insertInto("motion_supporters")
        .values({ motion_id: motionId, participant_id: participantId, supported_at: ctx.now() })
        .onConflict((oc) => oc.columns(["motion_id", "participant_id"]).doNothing())
        .execute();
    } else {
      removeSupporter(workflow, motion, participantId);
      await trx.deleteFrom("motion_supporters").where("motion_id", "=", motionId).where("participant_id", "=", participantId).execute();
    }
    return requireMotion(ctx, trx, motionId);
  });
}

async function recommendMotion(ctx: StoreContext, motionId: string, recommendation: Recommendation | null): Promise<Motion> {
  return transact(ctx, async (trx) => {
    const motion = await requireMotion(ctx, trx, motionId, true);
    const { workflow } = await motionSettings(trx, motion.eventId);
    const value = setRecommendation(workflow, motion, recommendation);
    await trx
      .updateTable("motions")
      .set({ recommendation: value === null ? null : json(value) })
      .where("id", "=", motionId)
      .execute();
    return requireMotion(ctx, trx, motionId);
  });
}

async function fileAmendment(ctx: StoreContext, motionId: string, input: NewAmendment): Promise<Amendment> {
  return numberedWrite(() =>
    transact(ctx, async (trx) => {
      const motion = await requireMotion(ctx, trx, motionId, true);
      const { workflow, lineLength } = await motionSettings(trx, motion.eventId);
      const definition = validateNewAmendment(workflow, motion, lineLength, input);
      await checkSubmitters(trx, motion.eventId, definition.submitters);
      await checkNumberFree(trx, "amendments", motionId, definition.number);
      const id = randomUUID();
      await trx
        .insertInto("amendments")
        .values({
          id,
          motion_id: motionId,
          event_id: motion.eventId,
          number: definition.number,
          line_from: definition.lineFrom,
          line_to: definition.lineTo,
          original: definition.original,
          text: definition.text,
          reason: definition.reason,
          submitters: json(definition.submitters),
          state: workflow.initial,
          recommendation: null,
          created_at: ctx.now(),
        })
        .execute();
      return requireAmendment(ctx, trx, id);
    }),
  );
}

async function listAmendments(ctx: StoreContext, motionId: string): Promise<Amendment[]> {
  await requireMotion(ctx, ctx.db, motionId);
  const rows = await ctx.db
    .selectFrom("amendments")
    .selectAll()
    .where("motion_id", "=", motionId)
    .orderBy("line_from")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toAmendment);
}

/** Amendments have no supporters: they move by the workflow's transitions alone. */
async function moveAmendment(ctx: StoreContext, amendmentId: string, to: string): Promise<StateChange<Amendment>> {
  return transact(ctx, async (trx) => {
    const before = await requireAmendment(ctx, trx, amendmentId, true);
    const { workflow } = await motionSettings(trx, (await requireMotion(ctx, trx, before.motionId)).eventId);
    transitionState(workflow, before.state, to);
    await trx.updateTable("amendments").set({ state: to }).where("id", "=", amendmentId).execute();
    return { before, after: await requireAmendment(ctx, trx, amendmentId) };
  });
}

async function recommendAmendment(ctx: StoreContext, amendmentId: string, recommendation: Recommendation | null): Promise<Amendment> {
  return transact(ctx, async (trx) => {
    const amendment = await requireAmendment(ctx, trx, amendmentId, true);
    const { workflow } = await motionSettings(trx, (await requireMotion(ctx, trx, amendment.motionId)).eventId);
    const value = setRecommendation(workflow, amendment, recommendation);
    await trx
      .updateTable("amendments")
      .set({ recommendation: value === null ? null : json(value) })
      .where("id", "=", amendmentId)
      .execute();
    return requireAmendment(ctx, trx, amendmentId);
  });
}

async function linkPoll(ctx: StoreContext, pollId: string, link: MotionPollLink): Promise<void> {
  await transact(ctx, async (trx) => {
    const poll = await trx.selectFrom("polls").select(["event_id", "status"]).where("id", "=", pollId).executeTakeFirst();
    if (poll === undefined) throw new DomainError("not_found", "poll not found", { pollId });
    if (poll.status !== "draft") throw new DomainError("invalid_transition", "only a draft poll can be linked", { status: poll.status });
    const motion = await requireMotion(ctx, trx, link.motionId);
    if (motion.eventId !== poll.event_id) throw new DomainError("not_found", "motion not found");
    if (link.amendmentId !== null && (await requireAmendment(ctx, trx, link.amendmentId)).motionId !== motion.id) {
      throw new DomainError("not_found", "amendment not found");
    }
    await trx.updateTable("polls").set({ motion_id: link.motionId, amendment_id: link.amendmentId }).where("id", "=", pollId).execute();
  });
}

async function pollLink(db: Executor, pollId: string): Promise<MotionPollLink | null> {
  const row = await db.selectFrom("polls").select(["motion_id", "amendment_id"]).where("id", "=", pollId).executeTakeFirst();
  if (row === undefined) throw new DomainError("not_found", "poll not found", { pollId });
  return row.motion_id === null || row.motion_id === undefined ? null : { motionId: row.motion_id, amendmentId: row.amendment_id ?? null };
}

/** The polls deciding `motionId` or its amendments, oldest first. */
async function linkedPolls(db: Executor, motionId: string): Promise<{ pollId: string; amendmentId: string | null }[]> {
  const rows = await db
    .selectFrom("polls")
    .select(["id", "amendment_id"])
    .where("motion_id", "=", motionId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ pollId: row.id, amendmentId: row.amendment_id ?? null }));
}

/** The state of what the poll decides, with the workflow it follows; null for a poll deciding nothing. */
async function subjectOf(ctx: StoreContext, db: Executor, pollId: string) {
  const link = await pollLink(db, pollId);
  if (link === null) return null;
  const motion = await requireMotion(ctx, db, link.motionId, true);
  const amendment = link.amendmentId === null ? null : await requireAmendment(ctx, db, link.amendmentId, true);
  const { workflow } = await motionSettings(db, motion.eventId);
  return { link, motion, amendment, workflow, state: amendment?.state ?? motion.state };
}

async function checkVoteState(ctx: StoreContext, pollId: string): Promise<void> {
  const subject = await subjectOf(ctx, ctx.db, pollId);
  if (subject === null || subject.workflow.vote.from.includes(subject.state)) return;
  const what = subject.amendment === null ? "motion" : "amendment";
  throw new DomainError("invalid_transition", `put the ${what} to the vote before opening its poll`, {
    state: subject.state,
    voteStates: subject.workflow.vote.from,
  });
}

async function decideByPoll(ctx: StoreContext, pollId: string, outcome: PollOutcome): Promise<StateChange<Motion | Amendment> | null> {
  return transact(ctx, async (trx) => {
    const subject = await subjectOf(ctx, trx, pollId);
    // Moved on by hand meanwhile (withdrawn, say): the chair's later step stands.
    if (subject === null || !subject.workflow.vote.from.includes(subject.state)) return null;
    const to = stateAfterVote(subject.workflow, subject.state, outcome).id;
    if (subject.amendment !== null) {
      await trx.updateTable("amendments").set({ state: to }).where("id", "=", subject.amendment.id).execute();
      return { before: subject.amendment, after: await requireAmendment(ctx, trx, subject.amendment.id) };
    }
    await trx.updateTable("motions").set({ state: to }).where("id", "=", subject.motion.id).execute();
    return { before: subject.motion, after: await requireMotion(ctx, trx, subject.motion.id) };
  });
}

/** `MotionsRepository` over the store's context (the connection, or a transaction's). */
export class SqlMotions implements MotionsRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async settings(eventId: string): Promise<MotionSettings> {
    const ctx = this.#ctx();
    await requireEvent(ctx.db, eventId);
    return motionSettings(ctx.db, eventId);
  }
  async updateSettings(eventId: string, patch: MotionSettingsPatch): Promise<MotionSettings> {
    return updateSettings(this.#ctx(), eventId, patch);
  }
  async create(eventId: string, input: NewMotion): Promise<Motion> {
    const ctx = this.#ctx();
    const [id] = await insertMotions(ctx, eventId, [validateNewMotion(input)]);
    return requireMotion(ctx, ctx.db, id!);
  }
  async createMany(eventId: string, definitions: readonly MotionDefinition[]): Promise<string[]> {
    return insertMotions(this.#ctx(), eventId, definitions.map(validateNewMotion));
  }
  async get(motionId: string): Promise<Motion> {
    const ctx = this.#ctx();
    return requireMotion(ctx, ctx.db, motionId);
  }
  async list(eventId: string): Promise<Motion[]> {
    return listMotions(this.#ctx(), eventId);
  }
  async update(motionId: string, patch: MotionPatch): Promise<Motion> {
    return updateMotion(this.#ctx(), motionId, patch);
  }
  async transition(motionId: string, to: string): Promise<StateChange<Motion>> {
    return moveMotion(this.#ctx(), motionId, to);
  }
  async support(motionId: string, participantId: string): Promise<Motion> {
    return changeSupport(this.#ctx(), motionId, participantId, true);
  }
  async withdrawSupport(motionId: string, participantId: string): Promise<Motion> {
    return changeSupport(this.#ctx(), motionId, participantId, false);
  }
  async recommend(motionId: string, recommendation: Recommendation | null): Promise<Motion> {
    return recommendMotion(this.#ctx(), motionId, recommendation);
  }
  async addAmendment(motionId: string, input: NewAmendment): Promise<Amendment> {
    return fileAmendment(this.#ctx(), motionId, input);
  }
  async getAmendment(amendmentId: string): Promise<Amendment> {
    const ctx = this.#ctx();
    return requireAmendment(ctx, ctx.db, amendmentId);
  }
  async listAmendments(motionId: string): Promise<Amendment[]> {
    return listAmendments(this.#ctx(), motionId);
  }
  async transitionAmendment(amendmentId: string, to: string): Promise<StateChange<Amendment>> {
    return moveAmendment(this.#ctx(), amendmentId, to);
  }
  async recommendAmendment(amendmentId: string, recommendation: Recommendation | null): Promise<Amendment> {
    return recommendAmendment(this.#ctx(), amendmentId, recommendation);
  }
  async linkPoll(pollId: string, link: MotionPollLink): Promise<void> {
    return linkPoll(this.#ctx(), pollId, link);
  }
  async pollLink(pollId: string): Promise<MotionPollLink | null> {
    return pollLink(this.#ctx().db, pollId);
  }
  async linkedPolls(motionId: string): Promise<{ pollId: string; amendmentId: string | null }[]> {
    return linkedPolls(this.#ctx().db, motionId);
  }
  async checkVoteState(pollId: string): Promise<void> {
    return checkVoteState(this.#ctx(), pollId);
  }
  async decideByPoll(pollId: string, outcome: PollOutcome): Promise<StateChange<Motion | Amendment> | null> {
    return decideByPoll(this.#ctx(), pollId, outcome);
  }
}
