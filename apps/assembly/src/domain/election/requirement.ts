import { DomainError } from "../errors.ts";
import { validateFraction } from "../poll.ts";

/**
 * What a candidate's support must reach to be electable. Every check is an
 * exact integer inequality over weights; a support of zero never qualifies.
 * - `none`: any support (plurality: most votes wins).
 * - `yes_over_no`: yes-votes > no-votes (yes / no / abstain elections only).
 * - `majority_of_valid`: support > half of the base (exactly half fails).
 * - `threshold`: support ≥ numerator/denominator of the base (exactly at it passes).
 * The base is the weight of the valid ballots; ballots that abstain as a whole
 * are part of it only when the election's `abstentionsCount` is set.
 */
export type Requirement =
  | { readonly kind: "none" }
  | { readonly kind: "yes_over_no" }
  | { readonly kind: "majority_of_valid" }
  | { readonly kind: "threshold"; readonly numerator: number; readonly denominator: number };

export type RequirementKind = Requirement["kind"];

/** Validates `requirement` against the kinds the method accepts; returns a clean copy. */
export function validateRequirement(requirement: Requirement, allowed: readonly RequirementKind[], field: string): Requirement {
  if (typeof requirement !== "object" || requirement === null || !allowed.includes(requirement.kind)) {
    throw new DomainError("invalid", `${field} must be one of ${allowed.join(", ")}`, { field });
  }
  if (requirement.kind !== "threshold") return { kind: requirement.kind } as Requirement;
  const { numerator, denominator } = requirement;
  validateFraction(numerator, denominator, field);
  return { kind: "threshold", numerator, denominator };
}

/** Exact check of `support` against the rule; `against` is only read by `yes_over_no`. */
export function meetsRequirement(requirement: Requirement, support: bigint, base: bigint, against = 0n): boolean {
  if (support <= 0n) return false;
  switch (requirement.kind) {
    case "none":
      return true;
    case "yes_over_no":
      return support > against;
    case "majority_of_valid":
      return 2n * support > base;
    case "threshold":
      return BigInt(requirement.denominator) * support >= BigInt(requirement.numerator) * base;
  }
}
