import type { PollKind, Tally, TallyPart } from "../model.ts";
import { optionLabel } from "./option-label.ts";
import { t } from "../i18n.ts";

/**
 * A published result as horizontal bars (weight share of the turnout), with
 * the numbers written out so the chart needs no colour or sight to be read.
 * A count that exceeds the electorate frozen at opening says so, never a
 * bare "Not passed". When paper ballots were entered, every row says how
 * much came online and how much on paper, and the caption marks the result
 * as including paper ballots.
 */
export function ResultBars({ result, title, kind }: { result: Tally; title: string; kind: PollKind }) {
  const total = Math.max(result.turnout.weight, 1);
  const { parts } = result;
  const split = (pick: (part: TallyPart) => { weight: number } | undefined) =>
    parts && { online: pick(parts.online)?.weight ?? 0, paper: pick(parts.paper)?.weight ?? 0 };
  const rows = [
    ...result.options.map((option) => ({
      id: option.optionId,
      label: optionLabel(kind, { id: option.optionId, label: option.label }),
      count: option.count,
      weight: option.weight,
      winner: result.winners.includes(option.optionId),
      split: split((part) => part.options.find((entry) => entry.optionId === option.optionId)),
    })),
    {
      id: "abstain",
      label: t("vote.abstain"),
      count: result.abstentions.count,
      weight: result.abstentions.weight,
      winner: false,
      split: split((part) => part.abstentions),
    },
    ...(result.invalid.count > 0
      ? [
          {
            id: "invalid",
            label: t("results.invalid"),
            count: result.invalid.count,
            weight: result.invalid.weight,
            winner: false,
            split: split((part) => part.invalid),
          },
        ]
      : []),
  ];
  return (
    <figure class="result" aria-label={t("results.of", { title })}>
      <ul class="bars">
        {rows.map((row) => {
          const share = Math.round((row.weight / total) * 100);
          return (
            <li key={row.id} class={row.winner ? "result-row winner" : "result-row"}>
              <span class="bar-label">{row.label}</span>
              <span class="bar-track" aria-hidden="true">
                <span class="bar-fill" style={{ width: `${share}%` }} />
              </span>
              <span class="bar-value">{t("results.value", { weight: row.weight, share, count: row.count })}</span>
              {row.split && (
                <span class="bar-parts" data-testid="paper-part">
                  {t("results.parts", { online: row.split.online, paper: row.split.paper })}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <figcaption class={`outcome outcome-${result.outcome}`}>
        {t(`outcome.${result.outcome}`)} · {t("results.turnout", { count: result.turnout.count, eligible: result.eligible.count ?? "—" })}
        {parts && (
          <span class="paper-mark" data-testid="paper-included">
            {" "}
            · {t("results.paperIncluded", { online: parts.online.turnout.count, paper: parts.paper.turnout.count })}
          </span>
        )}
        {result.integrity.turnoutExceedsEligible && <span role="alert"> · {t("results.turnoutExceedsEligible")}</span>}
      </figcaption>
    </figure>
  );
}
