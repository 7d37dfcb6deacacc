import type { PollKind, Tally, TallyPart } from "../model.ts";
import { optionLabel } from "./option-label.ts";
import { t, useLanguage } from "../i18n.ts";
import { formatPercent, ResultExplanationText } from "./result-explanation.tsx";

/**
 * A published result as horizontal bars (share of the base the rule measures
 * against, see `explainResult`), with the numbers written out and the rule
 * explained so the chart needs no colour or sight to be read.
 * A count that exceeds the electorate frozen at opening says so, never a
 * bare "Not passed". When paper ballots were entered, every row says how
 * much came online and how much on paper, and the caption marks the result
 * as including paper ballots.
 */
export function ResultBars({ result, title, kind }: { result: Tally; title: string; kind: PollKind }) {
  const [language] = useLanguage();
  const { explanation, parts } = result;
  const split = (pick: (part: TallyPart) => { weight: number } | undefined) =>
    parts && { online: pick(parts.online)?.weight ?? 0, paper: pick(parts.paper)?.weight ?? 0 };
  const rows: {
    id: string;
    label: string;
    count: number;
    weight: number;
    percent: number | null;
    winner: boolean;
    split: { online: number; paper: number } | null;
  }[] = [
    ...result.options.map((option, index) => ({
      id: option.optionId,
      label: optionLabel(kind, { id: option.optionId, label: option.label }),
      count: option.count,
      weight: option.weight,
      percent: explanation.shares[index]?.percent ?? 0,
      winner: result.winners.includes(option.optionId),
      split: split((part) => part.options.find((entry) => entry.optionId === option.optionId)),
    })),
    {
      id: "abstain",
      label: t("vote.abstain"),
      count: result.abstentions.count,
      weight: result.abstentions.weight,
      percent: explanation.abstentions.percent,
      winner: false,
      split: split((part) => part.abstentions),
    },
    // Invalid paper ballots count in turnout, never in a base: no percentage.
    ...(result.invalid.count > 0
      ? [
          {
            id: "invalid",
            label: t("results.invalid"),
            count: result.invalid.count,
            weight: result.invalid.weight,
            percent: null,
            winner: false,
            split: split((part) => part.invalid),
          },
        ]
      : []),
  ];
  const valueOf = (row: (typeof rows)[number]) => {
    const weight = row.weight === 1 ? t("explain.vote") : t("explain.votes", { weight: row.weight });
    const people = row.count === 1 ? t("explain.person") : t("explain.people", { count: row.count });
    // Weights and people are different numbers once someone's weight is not 1: then both are said.
    const votes = explanation.weighted ? `${weight} (${people})` : weight;
    return row.percent === null ? `${votes} · ${t("explain.notInBase")}` : `${votes} · ${formatPercent(language, row.percent)} %`;
  };
  return (
    <figure class="result" aria-label={t("results.of", { title })}>
      <ul class="bars">
        {rows.map((row) => {
          const share = Math.min(100, row.percent ?? 0);
          return (
            <li key={row.id} class={row.winner ? "result-row winner" : "result-row"}>
              <span class="bar-label">{row.label}</span>
              <span class="bar-track" aria-hidden="true">
                <span class="bar-fill" style={{ width: `${share}%` }} />
              </span>
              <span class="bar-value">{valueOf(row)}</span>
              {row.split && (
                <span class="bar-parts" data-testid="paper-part">
                  {t("results.parts", { online: row.split.online, paper: row.split.paper })}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <figcaption>
        <p class={`outcome outcome-${result.outcome}`}>
          {t(explanation.verdict === "tie" ? "outcome.tie" : `outcome.${result.outcome}`)}
          {parts && (
            <span class="paper-mark" data-testid="paper-included">
              {" "}
              · {t("results.paperIncluded", { online: parts.online.turnout.count, paper: parts.paper.turnout.count })}
            </span>
          )}
          {result.integrity.turnoutExceedsEligible && <span role="alert"> · {t("results.turnoutExceedsEligible")}</span>}
        </p>
        <ResultExplanationText result={result} kind={kind} />
      </figcaption>
    </figure>
  );
}
