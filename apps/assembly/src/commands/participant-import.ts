import { createHash } from "node:crypto";
import type { z } from "zod";
import { csvRowError } from "../api/csv-row-errors.ts";
import { type ImportAnswer, PREVIEW_ROWS, type PreviewGroup, type RollPreview } from "../api/routes/participants.ts";
import { importInput, previewInput } from "../api/schemas/participant-import.ts";
import type { CsvEncoding } from "../csv/decode.ts";
import { type ImportedParticipant, parseParticipantCsv } from "../csv/participant-import.ts";
import { DomainError } from "../domain/errors.ts";
import type { Participant } from "../domain/participant.ts";
import {
  patchOf,
  planRollUpdate,
  type RollField,
  type RollKey,
  rollFields,
  rollKeyProblems,
  type RollUpdatePlan,
} from "../domain/roll-update.ts";
import type { Store, StoreOperations } from "../store/store.ts";
import { adminIn, audited } from "./audit.ts";
import { decodeUpload, insertImported, rowErrors } from "./csv-upload.ts";
import type { EventAccess } from "./actor.ts";
import type { EventCommand, EventQuery } from "./command.ts";
import type { Effect } from "./effect.ts";

export const MAX_IMPORT_ROWS = 50_000;

/** Someone added one of these emails between validation and insert: report it per line like any duplicate. */
function raceErrors(participants: readonly ImportedParticipant[], details: unknown): DomainError {
  const emails = new Set((details as { emails?: unknown } | undefined)?.emails as string[] | undefined);
  return rowErrors(
    participants
      .filter((participant) => emails.has(participant.email))
      .map((participant) => csvRowError(participant.line, { code: "email_registered", params: { email: participant.email } }, "email")),
  );
}

type ImportInput = z.output<typeof importInput>;
type Missing = ImportInput["missing"];

/** The file's bytes decoded and every row checked; `existingEmails` refuses rows already on the event (adding). */
function readRoll(file: unknown, encoding: CsvEncoding, existingEmails?: ReadonlySet<string>) {
  const text = decodeUpload(file, encoding);
  const parsed = parseParticipantCsv(text, { ...(existingEmails ? { existingEmails } : {}), maxRows: MAX_IMPORT_ROWS });
  if (!parsed.ok) throw rowErrors(parsed.errors);
  return parsed;
}

/** A roll update as planned against the roll in `tx`, with who of the missing stays because they are on record. */
interface PlannedUpdate {
  readonly plan: RollUpdatePlan;
  readonly removed: readonly Participant[];
  readonly kept: readonly (Participant & { readonly onRecord: boolean })[];
  readonly ignoredColumns: readonly string[];
  readonly fingerprint: string;
}

interface UpdateOptions {
  readonly encoding: CsvEncoding;
  readonly missing: Missing;
  readonly key: RollKey;
}

async function planUpdate(
  tx: StoreOperations,
  eventId: string,
  file: unknown,
  { encoding, missing, key }: UpdateOptions,
): Promise<PlannedUpdate> {
  const parsed = readRoll(file, encoding);
  const columns = new Set(rollFields.filter((field) => parsed.columns.has(field)) as RollField[]);
  const entries = parsed.participants.map(({ line: _line, ...entry }) => entry);
  const current = await tx.participants.all(eventId);
  const problems = rollKeyProblems(current, entries, key);
  if (problems.length > 0)
    throw rowErrors(
      // A problem of the event's list is reported on the header line, naming the column it concerns.
      problems.map(({ row, problem }) => csvRowError(row === null ? 1 : parsed.participants[row]!.line, problem, key)),
    );
  const plan = planRollUpdate(current, entries, columns, key);
  const onRecord = await tx.participants.onRecord(plan.missing.map((participant) => participant.id));
  const removable = (participant: Participant) => missing === "remove" && !onRecord.has(participant.id);
  const removed = plan.missing.filter(removable);
  const kept = plan.missing.filter((participant) => !removable(participant)).map((p) => ({ ...p, onRecord: onRecord.has(p.id) }));
  // What the update writes, and nothing else: the same file against an unchanged roll gives the same fingerprint.
  const writes = {
    added: plan.added,
    changed: plan.changed.map(({ participant, changes }) => [participant.id, changes]),
    removed: removed.map((participant) => participant.id),
  };
  const fingerprint = createHash("sha256").update(JSON.stringify(writes)).digest("hex");
  return { plan, removed, kept, ignoredColumns: parsed.ignoredColumns, fingerprint };
}

const byEmail = <T extends { readonly email: string }>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));

function group<T extends { readonly email: string }, Row>(rows: readonly T[], row: (item: T) => Row): PreviewGroup<Row> {
  return { count: rows.length, rows: byEmail(rows).slice(0, PREVIEW_ROWS).map(row) };
}

/**
 * What importing a file as a roll update would do: nothing is written.
 * Every row is checked first, as for an import (`csv_invalid` lists them).
 */
export const previewParticipantImport: EventQuery<z.output<typeof previewInput>, RollPreview> = {
  name: "previewParticipantImport",
  permission: "participants.manage",
  input: previewInput,
  async run({ store }, access, { file, ...options }) {
    const { plan, removed, kept, ignoredColumns, fingerprint } = await planUpdate(store, access.event.id, file, options);
    const person = ({ name, email }: { name: string; email: string }) => ({ name, email });
    const changed = plan.changed.map(({ participant, changes }) => ({ ...participant, changes }));
    return {
      added: group(plan.added, person),
      changed: group(changed, (p) => ({ ...person(p), participantId: p.id, changes: p.changes })),
      unchanged: plan.unchanged,
      removed: group(removed, (p) => ({ ...person(p), participantId: p.id })),
      kept: group(kept, (p) => ({ ...person(p), participantId: p.id, onRecord: p.onRecord })),
      ignoredColumns,
      fingerprint,
    };
  },
};

/** Changed participants' own views re-render (their weight or voting right may have moved). */
function rollEffects(eventId: string, participantIds: readonly string[]): Effect[] {
  return [
    { kind: "participants", eventId },
    ...participantIds.map((participantId) => ({ kind: "participant" as const, eventId, participantId })),
  ];
}

async function addAll(store: Store, access: EventAccess, { encoding, file }: ImportInput): Promise<ImportAnswer> {
  const eventId = access.event.id;
  const existing = new Set((await store.participants.all(eventId)).map((participant) => participant.email));
  const parsed = readRoll(file, encoding, existing);
  const rows = parsed.participants.map(({ line: _line, ...participant }) => participant);
  await insertImported(
    store,
    access,
    "participants.import",
    rows.length,
    (tx) => tx.participants.addMany(eventId, rows),
    (conflict) => raceErrors(parsed.participants, conflict.details),
  );
  return { imported: rows.length, updated: 0, removed: 0, ignoredColumns: parsed.ignoredColumns };
}

/**
 * A roll update, planned again inside its transaction and applied all or
 * nothing; with `expect`, refused as `roll_changed` unless it writes exactly
 * what the previewed plan showed. The audit entry holds every change.
 */
async function updateAll(store: Store, access: EventAccess, input: ImportInput) {
  const eventId = access.event.id;
  return audited(store, adminIn(access), "participants.roll_update", async (tx) => {
    const { plan, removed, ignoredColumns, fingerprint } = await planUpdate(tx, eventId, input.file, input);
    if (input.expect !== undefined && input.expect !== fingerprint)
      throw new DomainError("roll_changed", "the roll changed since the preview: preview the file again", { fingerprint });
    if (plan.added.length > 0) await tx.participants.addMany(eventId, plan.added);
    for (const change of plan.changed) await tx.participants.update(change.participant.id, patchOf(change));
    for (const participant of removed) await tx.participants.remove(participant.id);
    const answer: ImportAnswer = { imported: plan.added.length, updated: plan.changed.length, removed: removed.length, ignoredColumns };
    const audit = {
      after: {
        added: plan.added.map(({ email }) => email),
        changed: plan.changed.map(({ participant, changes }) => ({ participantId: participant.id, email: participant.email, changes })),
        removed: removed.map(({ id, email, name }) => ({ participantId: id, email, name })),
      },
    };
    return { result: { answer, touched: plan.changed.map((change) => change.participant.id) }, audit };
  });
}

/**
 * CSV import of participants: the file's bytes are decoded strictly in the
 * chosen encoding (see `decodeCsv`), then all rows are validated before
 * anything is written; any problem is `csv_invalid` listing every bad line,
 * and then nothing changed. Adding (the default) refuses emails already on
 * the event; a roll update (`mode=update`) matches them instead (see
 * `previewParticipantImport`). Either runs in one transaction.
 */
export const importParticipants: EventCommand<ImportInput, ImportAnswer> = {
  name: "importParticipants",
  permission: "participants.manage",
  input: importInput,
  async run({ store }, access, input) {
    if (input.mode === "add") return { result: await addAll(store, access, input), effects: rollEffects(access.event.id, []) };
    const { answer, touched } = await updateAll(store, access, input);
    return { result: answer, effects: rollEffects(access.event.id, touched) };
  },
};
