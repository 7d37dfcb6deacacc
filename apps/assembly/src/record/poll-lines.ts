import type { TallyPart, Total } from "../domain/tally.ts";
import { type BallotChoice, ballotInWords, type PollBallot } from "../domain/ballot.ts";
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

/** A named ballot in words: its choice, or its split ("70 Yes, 30 No"). */
export function ballotText(poll: Poll, ballot: PollBallot, texts: RecordTexts): string {
  return ballotInWords(
    ballot,
    (choice) => choiceText(poll, choice, texts),
    (weight, choice) => texts.t("choice.part", { weight: texts.number(weight), choice }),
  );
}

/** The rules of a ballot box, a poll's or an election's, in words: abstentions, quorum, secrecy, and whether ballots could be split. */
export function ballotBoxRules(box: Pick<Poll, "abstentionsCount" | "quorum" | "secret" | "allowSplit">, texts: RecordTexts): string[] {
  const { quorum } = box;
  return [
    texts.t(box.abstentionsCount ? "abstentions.count" : "abstentions.ignored"),
    quorum === null
      ? texts.t("quorum.none")
      : quorum.kind === "weight"
        ? texts.t("quorum.weight", { weight: texts.number(quorum.minWeight) })
        : texts.t("quorum.fraction", { numerator: quorum.numerator, denominator: quorum.denominator }),
    texts.t(box.secret ? "poll.secret" : "poll.named"),
    ...(box.allowSplit ? [texts.t("poll.split")] : []),
  ];
}

/** The rules a poll was decided by, in words: kind, majority, then its ballot box's rules. */
export function ruleInWords(poll: Poll, texts: RecordTexts): string {
  const { majority } = poll;
  return [
    texts.t(`kind.${poll.kind}`, { min: poll.minChoices, max: poll.maxChoices }),
    majority.kind === "threshold"
      ? texts.t("majority.threshold", { numerator: majority.numerator, denominator: majority.denominator })
      : texts.t(`majority.${majority.kind}`),
    ...ballotBoxRules(poll, texts),
  ].join("; ");
}

/**
 * What the record says of one poll, as label and value lines: rule, turnout,
 * the count per option, quorum and verdict. The minutes and the results
 * print these same lines. Where ballots were counted on paper in the hall,
 * every count says how much of it came online and how much on paper, and a
 * line of its own says how many voted on paper.
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
  const { parts } = tally;
  /** A count, and where paper ballots were entered, its online and paper shares. */
  const value = (total: Total, pick: (part: TallyPart) => Total | undefined): string => {
    const text = texts.t("poll.optionValue", { count: n(total.count), weight: n(total.weight) });
    if (parts === null) return text;
    const weightOf = (part: TallyPart) => n(pick(part)?.weight ?? 0);
    return texts.t("poll.parts", { value: text, online: weightOf(parts.online), paper: weightOf(parts.paper) });
  };
  if (parts !== null) {
    const paper = parts.paper.turnout;
    lines.push([texts.t("poll.paper"), texts.t("poll.paperValue", { count: n(paper.count), weight: n(paper.weight) })]);
  }
  for (const option of tally.options) {
    const share = (part: TallyPart) => part.options.find((entry) => entry.optionId === option.optionId);
    lines.push([optionLabel(poll, option.optionId, texts), value(option, share)]);
  }
  lines.push([texts.t("poll.abstentions"), value(tally.abstentions, (part) => part.abstentions)]);
  if (tally.invalid.count > 0) lines.push([texts.t("poll.invalid"), value(tally.invalid, (part) => part.invalid)]);
  const { required, base, actual } = tally.explanation;
  if (required !== null) {
    lines.push([
      texts.t("poll.required"),
      texts.t("poll.requiredValue", { required: n(required), base: n(base.value), actual: n(actual.value) }),
    ]);
  }
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
