import type { ResultExplanation } from "../../../src/domain/result-explanation.ts";
import { t, useLanguage } from "../i18n.ts";
import type { Tally } from "../model.ts";
import { optionLabel } from "./option-label.ts";

/** One decimal at most, in the reader's language (48.6 / 48,6). */
export function formatPercent(language: string, percent: number): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(percent);
}

function baseWords(explanation: ResultExplanation): string {
  const value = explanation.base.value;
  if (explanation.base.kind === "eligible") return t("explain.base.eligible", { value });
  if (explanation.base.kind === "cast_with_abstentions") return t("explain.base.castWithAbstentions", { value });
  return t(explanation.kind === "yes_no_abstain" ? "explain.base.yesNo" : "explain.base.cast", { value });
}

function ruleLine(explanation: ResultExplanation): string {
  const base = baseWords(explanation);
  const rule = explanation.rule;
  if (rule.kind === "threshold") return t("explain.rule.threshold", { numerator: rule.numerator, denominator: rule.denominator, base });
  return t(`explain.rule.${rule.kind}`, { base });
}

function quorumLine(explanation: ResultExplanation): string {
  const quorum = explanation.quorum;
  if (quorum === null) return t("explain.quorum.none");
  const state = t(quorum.met ? "explain.quorum.met" : "explain.quorum.missed");
  const required = quorum.required ?? "—";
  if (quorum.rule.kind === "fraction") {
    const { numerator, denominator } = quorum.rule;
    const eligible = explanation.turnout.eligibleWeight ?? "—";
    return t("explain.quorum.fraction", { required, numerator, denominator, eligible, actual: quorum.actual, state });
  }
  return t("explain.quorum.weight", { required, actual: quorum.actual, state });
}

function turnoutLine(explanation: ResultExplanation): string {
  const { people, weight, eligiblePeople, eligibleWeight } = explanation.turnout;
  const line = t("explain.turnout.people", { people, eligible: eligiblePeople ?? "—" });
  return explanation.weighted ? `${line} · ${t("explain.turnout.weight", { weight, eligible: eligibleWeight ?? "—" })}` : line;
}

/** The sentence that decides: needed against reached for a rule with a figure, the winner or the tie for plurality. */
function decisionLine(explanation: ResultExplanation, labelOf: (id: string) => string): string {
  const { actual, required, verdict } = explanation;
  const base = explanation.base.value;
  const names = (ids: readonly string[]) => ids.map(labelOf).join(", ");
  if (verdict === "tie") return t("explain.tie", { names: names(explanation.tied), actual: actual.value });
  const words = t(`explain.verdict.${verdict}`);
  if (explanation.rule.kind === "plurality") {
    if (actual.optionId === null) return t("explain.noVotes");
    if (explanation.winners.length > 0) return t("explain.winner", { name: names(explanation.winners), actual: actual.value, base });
    return t("explain.leads", { name: labelOf(actual.optionId), actual: actual.value, base, verdict: words });
  }
  const needed = required ?? "—";
  if (explanation.kind === "yes_no_abstain")
    return t("explain.neededYes", { required: needed, base, actual: actual.value, verdict: words });
  const leader = actual.optionId === null ? t("explain.nobody") : labelOf(actual.optionId);
  const line = t("explain.neededOption", { required: needed, base, name: leader, actual: actual.value, verdict: words });
  return explanation.winners.length > 0 ? `${line} · ${t("explain.chosen", { names: names(explanation.winners) })}` : line;
}

/**
 * A result in words, the same on phone, console and projector: the rule and
 * its base, the figure needed against the figure reached, the quorum line and
 * who voted (people, and their weight when it differs).
 */
export function ResultExplanationText({ result, kind }: { result: Tally; kind: string }) {
  useLanguage();
  const explanation = result.explanation;
  const labelOf = (id: string) => {
    const option = result.options.find((entry) => entry.optionId === id);
    return option ? optionLabel(kind, { id, label: option.label }) : id;
  };
  return (
    <div class="result-explanation" data-testid="explained-result">
      <p class="explain-rule">{ruleLine(explanation)}</p>
      <p class="explain-decision">
        <strong>{decisionLine(explanation, labelOf)}</strong>
      </p>
      <p class="explain-quorum">{quorumLine(explanation)}</p>
      <p class="explain-turnout">{turnoutLine(explanation)}</p>
    </div>
  );
}
