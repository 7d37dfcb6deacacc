import type { BallotChoice } from "../domain/ballot.ts";
import type { Poll } from "../domain/poll.ts";
import type { EventExport } from "../store/store.ts";
import type { RecordTexts } from "./texts.ts";

export type ExportedPoll = EventExport["polls"][number];

/** An option as the reader's language calls it: yes and no are the app's words, every other label the chair's. */
export function optionLabel(poll: Poll, optionId: string, texts: RecordTexts): string {
  if (poll.kind === "yes_no_abstain" && (optionId === "yes" || optionId === "no")) return texts.t(`choice.${optionId}`);
  return poll.options.find((option) => option.id === optionId)?.label ?? optionId;
}

export function choiceText(poll: Poll, choice: BallotChoice, texts: RecordTexts): string {
  if (choice.kind === "abstain") return texts.t("choice.abstain");
  return choice.optionIds.map((optionId) => optionLabel(poll, optionId, texts)).join(", ");
}

/** The rules a poll was decided by, in words: kind, majority, abstentions, quorum, secrecy. */
export function ruleInWords(poll: Poll, texts: RecordTexts): string {
  const { majority, quorum } = poll;
  return [
    texts.t(`kind.${poll.kind}`, { min: poll.minChoices, max: poll.maxChoices }),
    majority.kind === "threshold"
      ? texts.t("majority.threshold", { numerator: majority.numerator, denominator: majority.denominator })
      : texts.t(`majority.${majority.kind}`),
    texts.t(poll.abstentionsCount ? "abstentions.count" : "abstentions.ignored"),
    quorum === null
      ? texts.t("quorum.none")
      : quorum.kind === "weight"
        ? texts.t("quorum.weight", { weight: texts.number(quorum.minWeight) })
        : texts.t("quorum.fraction", { numerator: quorum.numerator, denominator: quorum.denominator }),
    texts.t(poll.secret ? "poll.secret" : "poll.named"),
  ].join("; ");
}

/**
 * What the record says of one poll, as label and value lines: rule, turnout,
 * the count per option, quorum and verdict. The minutes and the results
 * print these same lines. Ballots counted on paper in the hall are to be
 * added here, each line marked as analog, once the export carries them.
 */
export function pollLines({ poll, tally }: ExportedPoll, texts: RecordTexts): [string, string][] {
  const lines: [string, string][] = [[texts.t("poll.rule"), ruleInWords(poll, texts)]];
  if (poll.openedAt !== null && poll.closedAt !== null) {
    lines.push([
      texts.t("poll.period"),
      texts.t("poll.opened", { opened: texts.dateTime(poll.openedAt), closed: texts.dateTime(poll.closedAt) }),
    ]);
  }
  if (tally === null) {
    lines.push([texts.t("poll.result"), texts.t("poll.notCounted", { status: texts.t(`poll.status.${poll.status as "draft" | "open"}`) })]);
    return lines;
  }
  const n = texts.number;
  lines.push([
    texts.t("poll.turnout"),
    texts.t("poll.turnoutValue", {
      count: n(tally.turnout.count),
      weight: n(tally.turnout.weight),
      eligible: n(tally.eligible.count ?? 0),
      eligibleWeight: n(tally.eligible.weight ?? 0),
    }),
  ]);
  for (const option of tally.options) {
    lines.push([
      optionLabel(poll, option.optionId, texts),
      texts.t("poll.optionValue", { count: n(option.count), weight: n(option.weight) }),
    ]);
  }
  lines.push([
    texts.t("poll.abstentions"),
    texts.t("poll.optionValue", { count: n(tally.abstentions.count), weight: n(tally.abstentions.weight) }),
  ]);
  if (tally.quorum.requiredWeight !== null) {
    lines.push([
      texts.t("poll.quorum"),
      texts.t(tally.quorum.met ? "poll.quorumMet" : "poll.quorumMissed", { weight: n(tally.quorum.requiredWeight) }),
    ]);
  }
  lines.push([texts.t("poll.verdict"), texts.t(`outcome.${tally.outcome}`)]);
  if (poll.kind !== "yes_no_abstain" && tally.winners.length > 0) {
    lines.push([texts.t("poll.carried"), tally.winners.map((optionId) => optionLabel(poll, optionId, texts)).join(", ")]);
  }
  return lines;
}
