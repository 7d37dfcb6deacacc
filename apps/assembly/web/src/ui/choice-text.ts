import { t } from "../i18n.ts";
import type { BallotChoice, PollKind } from "../model.ts";
import { optionLabel } from "./option-label.ts";

/** A ballot's choice in words: "Abstain", or the chosen options' labels in the poll's order. */
export function choiceText(poll: { kind: PollKind; options: readonly { id: string; label: string }[] }, choice: BallotChoice): string {
  if (choice.kind === "abstain") return t("vote.abstain");
  return poll.options
    .filter((option) => choice.optionIds.includes(option.id))
    .map((option) => optionLabel(poll.kind, option))
    .join(", ");
}
