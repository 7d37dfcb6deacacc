import { t } from "../i18n.ts";
import type { ElectionSetup, Requirement } from "../model.ts";

export function requirementText(requirement: Requirement): string {
  return requirement.kind === "threshold"
    ? t("requirement.threshold", { n: requirement.numerator, d: requirement.denominator })
    : t(`requirement.${requirement.kind}`);
}

/**
 * The rule of an election in words, as the ballot and the chair's form show
 * it: from the rules as set (options left out stand for the defaults
 * docs/elections.md names, which the definition fills at opening).
 */
export function electionRules(setup: Pick<ElectionSetup, "seats" | "method" | "tieRule">): string {
  const seats = setup.seats ?? 1;
  const method = setup.method;
  const tie = setup.tieRule?.kind === "chair" ? t("rule.tieChair") : t("rule.tieLot");
  const rule = (() => {
    switch (method.kind) {
      case "yes_no_abstain":
        return t("rule.yes_no_abstain", {
          seats,
          maxYes: method.maxYes ?? seats,
          requirement: requirementText(method.requirement ?? { kind: "yes_over_no" }),
        });
      case "approval":
        return t("rule.approval", {
          seats,
          min: method.minApprovals ?? 1,
          max: method.maxApprovals ?? seats,
          noToAll: method.allowNoToAll ? t("rule.approval.noToAll") : "",
          requirement: requirementText(method.requirement ?? { kind: "none" }),
        });
      case "cumulative": {
        const votes = method.votesPerBallot ?? seats;
        return t("rule.cumulative", { seats, votes, max: method.maxPerCandidate ?? Math.min(3, votes) });
      }
      case "single_choice":
        return t("rule.single_choice", {
          runoff: method.runoffSize ?? 2,
          requirement: requirementText(method.requirement ?? { kind: "majority_of_valid" }),
        });
      case "stv":
        return t("rule.stv", { seats });
      case "schulze":
        return t("rule.schulze", { seats });
    }
  })();
  return `${rule} ${tie}`;
}
