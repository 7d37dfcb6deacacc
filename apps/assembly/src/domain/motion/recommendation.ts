import type { Language } from "../../api/errors.ts";
import { DomainError } from "../errors.ts";

export type RecommendationKind = "accept" | "reject" | "accept_amended" | "refer" | "other";

/**
 * What the board or a committee advises the assembly to do with a motion.
 * It sits beside the motion's state and never changes it: the assembly decides.
 */
export interface Recommendation {
  readonly kind: RecommendationKind;
  /** Required for `other` ("Erledigt durch A3"); for the others an optional addition. */
  readonly label: string | null;
  /** Who recommends: "Antragskommission", "Bundesvorstand"... */
  readonly recommender: string;
}

const kindTexts: Readonly<Record<Exclude<RecommendationKind, "other">, Readonly<Record<Language, string>>>> = {
  accept: { en: "Accept", de: "Annahme" },
  reject: { en: "Reject", de: "Ablehnung" },
  accept_amended: { en: "Accept in amended form", de: "Annahme in geänderter Fassung" },
  refer: { en: "Refer", de: "Überweisung" },
};

const kinds: readonly RecommendationKind[] = ["accept", "reject", "accept_amended", "refer", "other"];

function invalid(message: string): DomainError {
  return new DomainError("invalid", message, { field: "recommendation" });
}

export function validateRecommendation(input: Recommendation): Recommendation {
  if (!kinds.includes(input?.kind)) throw invalid(`a recommendation is one of ${kinds.join(", ")}`);
  const recommender = typeof input.recommender === "string" ? input.recommender.trim() : "";
  if (recommender.length === 0 || recommender.length > 200) throw invalid("the recommender must have 1 to 200 characters");
  const label = typeof input.label === "string" && input.label.trim() !== "" ? input.label.trim() : null;
  if (label !== null && label.length > 200) throw invalid("a recommendation's label must have at most 200 characters");
  if (input.kind === "other" && label === null) throw invalid("a recommendation of another kind needs a label");
  return { kind: input.kind, label, recommender };
}

/** "Antragskommission: Annahme in geänderter Fassung (mit Ä2)" — the recommendation as people read it. */
export function recommendationText(recommendation: Recommendation, language: Language): string {
  const { kind, label, recommender } = recommendation;
  const advice = kind === "other" ? label! : label === null ? kindTexts[kind][language] : `${kindTexts[kind][language]} (${label})`;
  return `${recommender}: ${advice}`;
}
