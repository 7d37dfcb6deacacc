import { DomainError } from "../errors.ts";

/** A roll attribute a list can alternate by (the participant's gender, group or region as the roll records it). */
export type FairAttribute = "gender" | "group" | "region";

export const fairAttributes: readonly FairAttribute[] = ["gender", "group", "region"];

/**
 * How a list orders its waiting speakers beyond first come, first served;
 * shown to everyone (`describeFairOrder`) and applied by `applyFairOrder`.
 */
export interface FairOrderRule {
  /** Alternate ("Reißverschluss"): the next speaker differs in this attribute from the previous one while anyone who differs waits. */
  readonly alternateBy: FairAttribute | null;
  /** Nobody who has spoken today goes before someone who has not. */
  readonly firstTimeFirst: boolean;
  /** Less speaking time used today goes first. */
  readonly balanceSpeakingTime: boolean;
}

export function validateFairOrderRule(input: FairOrderRule): FairOrderRule {
  if (typeof input !== "object" || input === null) {
    throw new DomainError("invalid", "a fair-order rule is an object or null", { field: "fairOrder" });
  }
  const alternateBy = input.alternateBy ?? null;
  if (alternateBy !== null && !fairAttributes.includes(alternateBy)) {
    throw new DomainError("invalid", `a list alternates by one of ${fairAttributes.join(", ")}`, { field: "fairOrder" });
  }
  if (typeof input.firstTimeFirst !== "boolean" || typeof input.balanceSpeakingTime !== "boolean") {
    throw new DomainError("invalid", "firstTimeFirst and balanceSpeakingTime must be true or false", { field: "fairOrder" });
  }
  if (alternateBy === null && !input.firstTimeFirst && !input.balanceSpeakingTime) {
    throw new DomainError("invalid", "a fair-order rule needs at least one of its parts; switch it off instead", { field: "fairOrder" });
  }
  return { alternateBy, firstTimeFirst: input.firstTimeFirst, balanceSpeakingTime: input.balanceSpeakingTime };
}
