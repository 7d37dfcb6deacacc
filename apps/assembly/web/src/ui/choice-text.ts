import { type BallotPart, ballotInWords } from "../../../src/domain/ballot.ts";
import { t } from "../i18n.ts";
import type { BallotChoice, PollKind } from "../model.ts";
import { optionLabel } from "./option-label.ts";

type ChoicePoll = { kind: PollKind; options: readonly { id: string; label: string }[] };

/** A ballot's choice in words: "Abstain", or the chosen options' labels in the poll's order. */
export function choiceText(poll: ChoicePoll, choice: BallotChoice): string {
  if (choice.kind === "abstain") return t("vote.abstain");
  return poll.options
    .filter((option) => choice.optionIds.includes(option.id))
    .map((option) => optionLabel(poll.kind, option))
    .join(", ");
}

/** A ballot in words: its choice, or its split part by part ("70 Yes, 30 No"). */
export function ballotText(poll: ChoicePoll, ballot: { choice: BallotChoice } | { parts: readonly BallotPart[] }): string {
  return ballotInWords(
    ballot,
    (choice) => choiceText(poll, choice),
    (weight, choice) => t("vote.splitPart", { weight, choice }),
  );
}
