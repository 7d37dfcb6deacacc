import { DomainError } from "./errors.ts";
import { requireSafeText } from "./unsafe-characters.ts";
import { isLanguage, type Language } from "./language.ts";

/**
 * A member taking part in one event. `weight` is a positive integer (shares,
 * delegate votes...): integers keep every tally exact.
 */
export interface Participant {
  readonly id: string;
  readonly eventId: string;
  readonly name: string;
  /** Stored trimmed and lower-cased; unique within the event. */
  readonly email: string;
  readonly group: string | null;
  readonly region: string | null;
  readonly weight: number;
  readonly eligible: boolean;
  /** The language of their mail; null: the event's (its mail template's default). */
  readonly language: Language | null;
  /** Their number in the party's member database, for single sign-on; null when the roll has none. */
  readonly memberNumber: string | null;
  readonly createdAt: string;
}

export interface NewParticipant {
  readonly name: string;
  readonly email: string;
  readonly group?: string | null;
  readonly region?: string | null;
  /** Defaults to 1. */
  readonly weight?: number;
  /** Defaults to true. */
  readonly eligible?: boolean;
  /** Defaults to null: the event's language. */
  readonly language?: Language | null;
  /** Defaults to null. */
  readonly memberNumber?: string | null;
}

export type ParticipantPatch = Partial<NewParticipant>;

/** Largest accepted weight: keeps sums of 10^6 participants far inside safe integers. */
export const maxVoteWeight = 1_000_000_000;

const emailPattern = /^[^\s@]+@[^\s@]+$/;

export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (normalized.length > 320 || !emailPattern.test(normalized)) {
    throw new DomainError("invalid", `invalid email ${JSON.stringify(email)}`, { field: "email" });
  }
  return normalized;
}

export function validateWeight(weight: number): number {
  const refuse = (problem: string) =>
    new DomainError("invalid", `weight ${problem} (weights are whole numbers from 1 to ${maxVoteWeight})`, { field: "weight" });
  if (!Number.isInteger(weight)) throw refuse(`${weight} is not a whole number`);
  if (weight < 1) throw refuse(`${weight} is not positive`);
  if (weight > maxVoteWeight) throw refuse(`${weight} is too large`);
  return weight;
}

function optionalLabel(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = requireSafeText(value.trim(), field);
  if (trimmed.length > 200) throw new DomainError("invalid", `${field} must have at most 200 characters`, { field });
  return trimmed.length === 0 ? null : trimmed;
}

/** Validates and fills defaults; the result is what gets stored. */
export function validateNewParticipant(input: NewParticipant): Required<NewParticipant> {
  const name = requireSafeText(input.name.trim(), "name");
  if (name.length === 0 || name.length > 200) {
    throw new DomainError("invalid", "participant name must have 1 to 200 characters", { field: "name" });
  }
  return {
    name,
    email: normalizeEmail(requireSafeText(input.email.trim(), "email")),
    group: optionalLabel(input.group, "group"),
    region: optionalLabel(input.region, "region"),
    weight: validateWeight(input.weight ?? 1),
    eligible: input.eligible ?? true,
    language: validateLanguage(input.language ?? null),
    memberNumber: normalizeMemberNumber(input.memberNumber ?? null),
  };
}

/**
 * A member number as the roll and the member database write it, trimmed and
 * compared exactly (leading zeros count: "007" is not "7"); empty is none.
 */
export function normalizeMemberNumber(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = requireSafeText(value.trim(), "memberNumber");
  if (trimmed.length > 64) throw new DomainError("invalid", "a member number has at most 64 characters", { field: "memberNumber" });
  return trimmed.length === 0 ? null : trimmed;
}

function validateLanguage(language: Language | null): Language | null {
  if (language !== null && !isLanguage(language)) throw new DomainError("invalid", "language must be en or de", { field: "language" });
  return language;
}

/** Applies a patch to an existing participant, validating the merged result. */
export function applyParticipantPatch(current: Participant, patch: ParticipantPatch): Required<NewParticipant> {
  return validateNewParticipant({
    name: patch.name ?? current.name,
    email: patch.email ?? current.email,
    group: patch.group === undefined ? current.group : patch.group,
    region: patch.region === undefined ? current.region : patch.region,
    weight: patch.weight ?? current.weight,
    eligible: patch.eligible ?? current.eligible,
    language: patch.language === undefined ? current.language : patch.language,
    memberNumber: patch.memberNumber === undefined ? current.memberNumber : patch.memberNumber,
  });
}
