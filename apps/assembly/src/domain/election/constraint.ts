import { DomainError } from "../errors.ts";
import { type Candidate, type CandidateAttribute, candidateAttributes } from "./candidate.ts";

/**
 * A rule reserving seats for a group of candidates (German party practice:
 * the Frauenquote and the Reißverschlussverfahren). The group is every
 * candidate whose `attribute` equals `value`.
 * - `minimum`: at least `minSeats` of the seats go to the group ("at least
 *   half the seats to women": minSeats = ⌈seats / 2⌉).
 * - `reserved_positions`: the odd (or even) positions of the ordered result
 *   are reserved for the group; the other positions are open to everyone,
 *   group members included.
 * `ifShort` says what happens to a reserved seat no group member can take:
 * `vacant` leaves it empty (the result reports it), `open` gives it to the
 * best other candidate.
 */
export type GroupConstraint =
  | {
      readonly kind: "minimum";
      readonly attribute: CandidateAttribute;
      readonly value: string;
      readonly minSeats: number;
      readonly ifShort: "vacant" | "open";
    }
  | {
      readonly kind: "reserved_positions";
      readonly attribute: CandidateAttribute;
      readonly value: string;
      readonly positions: "odd" | "even";
      readonly ifShort: "vacant" | "open";
    };

function invalid(message: string): DomainError {
  return new DomainError("invalid", message, { field: "constraint" });
}

export function validateConstraint(constraint: GroupConstraint | null | undefined, seats: number): GroupConstraint | null {
  if (constraint === null || constraint === undefined) return null;
  if (typeof constraint !== "object") throw invalid("constraint must be an object");
  if (!candidateAttributes.includes(constraint.attribute))
    throw invalid(`constraint attribute must be one of ${candidateAttributes.join(", ")}`);
  if (typeof constraint.value !== "string" || constraint.value.trim().length === 0)
    throw invalid("constraint value must be non-empty text");
  const ifShort = constraint.ifShort ?? "vacant";
  if (ifShort !== "vacant" && ifShort !== "open") throw invalid("constraint ifShort must be vacant or open");
  const common = { attribute: constraint.attribute, value: constraint.value.trim(), ifShort } as const;
  if (constraint.kind === "minimum") {
    if (!Number.isSafeInteger(constraint.minSeats) || constraint.minSeats < 1 || constraint.minSeats > seats) {
      throw invalid("constraint minSeats must be an integer from 1 to the number of seats");
    }
    return { kind: "minimum", ...common, minSeats: constraint.minSeats };
  }
  if (constraint.kind === "reserved_positions") {
    if (constraint.positions !== "odd" && constraint.positions !== "even") throw invalid("constraint positions must be odd or even");
    return { kind: "reserved_positions", ...common, positions: constraint.positions };
  }
  throw invalid("constraint kind must be minimum or reserved_positions");
}

/** Whether the candidate belongs to the constraint's group. */
export function inGroup(constraint: GroupConstraint, candidate: Candidate): boolean {
  return candidate[constraint.attribute] === constraint.value;
}

/** Whether position `position` (1-based) of the result is reserved for the group. */
export function isReservedPosition(constraint: GroupConstraint, position: number): boolean {
  return constraint.kind === "reserved_positions" && position % 2 === (constraint.positions === "odd" ? 1 : 0);
}
