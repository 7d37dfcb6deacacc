import type { NewParticipant, Participant } from "./participant.ts";

/** A participant as a roll file states them, validated (see `validateNewParticipant`). */
export type RollEntry = Required<NewParticipant>;

/** The fields a roll update can change; the email is the key and never changes. */
export type RollField = "name" | "group" | "region" | "weight" | "eligible" | "language";
export const rollFields: readonly RollField[] = ["name", "group", "region", "weight", "eligible", "language"];

export interface FieldChange {
  readonly field: RollField;
  readonly before: string | number | boolean | null;
  readonly after: string | number | boolean | null;
}

export interface RollChange {
  readonly participant: Participant;
  readonly changes: readonly FieldChange[];
}

/**
 * What applying a roll file to an event's participants does, matched by
 * email: who is new, who changes (field by field), how many stay as they
 * are, and who is on the event but not in the file.
 */
export interface RollUpdatePlan {
  readonly added: readonly RollEntry[];
  readonly changed: readonly RollChange[];
  readonly unchanged: number;
  readonly missing: readonly Participant[];
}

/**
 * Plans a roll update. Only the fields the file has a column for are
 * compared: a file without a language column leaves every participant's
 * language alone instead of clearing it. Emails are compared normalised
 * (both sides went through `normalizeEmail`); the file must not repeat one
 * (the CSV reader refuses that line by line before this runs).
 */
export function planRollUpdate(
  current: readonly Participant[],
  file: readonly RollEntry[],
  columns: ReadonlySet<RollField>,
): RollUpdatePlan {
  const byEmail = new Map(current.map((participant) => [participant.email, participant]));
  const inFile = new Set<string>();
  const added: RollEntry[] = [];
  const changed: RollChange[] = [];
  let unchanged = 0;
  for (const entry of file) {
    inFile.add(entry.email);
    const participant = byEmail.get(entry.email);
    if (participant === undefined) {
      added.push(entry);
      continue;
    }
    const changes = rollFields
      .filter((field) => columns.has(field) && participant[field] !== entry[field])
      .map((field) => ({ field, before: participant[field], after: entry[field] }));
    if (changes.length === 0) unchanged += 1;
    else changed.push({ participant, changes });
  }
  const missing = current.filter((participant) => !inFile.has(participant.email));
  return { added, changed, unchanged, missing };
}

/** The patch that brings a participant to what the file says. */
export function patchOf(change: RollChange): Partial<RollEntry> {
  return Object.fromEntries(change.changes.map(({ field, after }) => [field, after]));
}
