import type { CsvProblem } from "../api/csv-row-errors.ts";
import type { NewParticipant, Participant } from "./participant.ts";

/** A participant as a roll file states them, validated (see `validateNewParticipant`). */
export type RollEntry = Required<NewParticipant>;

/** The fields a roll update compares; the one it matches by (`RollKey`) never changes. */
export type RollField = "name" | "email" | "memberNumber" | "group" | "region" | "weight" | "eligible" | "language";
export const rollFields: readonly RollField[] = ["name", "email", "memberNumber", "group", "region", "weight", "eligible", "language"];

/** What matches a row of the file to a participant: the email, or the member number of the party's member database. */
export type RollKey = "email" | "memberNumber";

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
 * the key: who is new, who changes (field by field), how many stay as they
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
 * language alone instead of clearing it. Keys are compared normalised (both
 * sides went through `validateNewParticipant`); every row has one and the
 * file repeats none, and no two participants share one (`rollKeyProblems`
 * finds those first).
 */
export function planRollUpdate(
  current: readonly Participant[],
  file: readonly RollEntry[],
  columns: ReadonlySet<RollField>,
  key: RollKey = "email",
): RollUpdatePlan {
  const byKey = new Map(current.map((participant) => [participant[key], participant]));
  const inFile = new Set<string | null>();
  const added: RollEntry[] = [];
  const changed: RollChange[] = [];
  let unchanged = 0;
  for (const entry of file) {
    inFile.add(entry[key]);
    const participant = byKey.get(entry[key]);
    if (participant === undefined) {
      added.push(entry);
      continue;
    }
    const changes = rollFields
      .filter((field) => field !== key && columns.has(field) && participant[field] !== entry[field])
      .map((field) => ({ field, before: participant[field], after: entry[field] }));
    if (changes.length === 0) unchanged += 1;
    else changed.push({ participant, changes });
  }
  const missing = current.filter((participant) => !inFile.has(participant[key]));
  return { added, changed, unchanged, missing };
}

export interface RollKeyProblem {
  /** Index into the file's rows, or null for a problem of the event's participants. */
  readonly row: number | null;
  readonly problem: CsvProblem;
}

/**
 * Why the file cannot be matched by `key`: a row without it, a value the
 * file repeats, or one two participants of the event share. Emails are
 * unique per event and required, so matching by email never has these.
 */
export function rollKeyProblems(current: readonly Participant[], file: readonly RollEntry[], key: RollKey): RollKeyProblem[] {
  if (key === "email") return [];
  const problems: RollKeyProblem[] = [];
  const firstRow = new Map<string, number>();
  file.forEach((entry, row) => {
    const value = entry.memberNumber;
    if (value === null) problems.push({ row, problem: { code: "member_number_missing", params: {} } });
    else if (firstRow.has(value)) problems.push({ row, problem: { code: "member_number_repeated", params: { number: value } } });
    else firstRow.set(value, row);
  });
  const holders = new Map<string, number>();
  for (const { memberNumber } of current) if (memberNumber !== null) holders.set(memberNumber, (holders.get(memberNumber) ?? 0) + 1);
  for (const [value, count] of holders)
    if (count > 1) problems.push({ row: null, problem: { code: "member_number_shared", params: { count, number: value } } });
  return problems;
}

/** The patch that brings a participant to what the file says. */
export function patchOf(change: RollChange): Partial<RollEntry> {
  return Object.fromEntries(change.changes.map(({ field, after }) => [field, after]));
}
