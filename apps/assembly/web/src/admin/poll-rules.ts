import { t } from "./console-texts.ts";
import type { Poll } from "../model.ts";

/** A draft's or poll's rules in one line, so a chair checks them before opening the vote. */
export function pollRules(poll: Poll): string {
  const parts = [t(`kind.${poll.kind}`)];
  if (poll.kind === "multiple_choice") parts.push(t("vote.pickRange", { min: poll.minChoices, max: poll.maxChoices }));
  const majority = poll.majority;
  parts.push(
    majority.kind === "threshold"
      ? t("rules.threshold", { numerator: majority.numerator, denominator: majority.denominator })
      : t(`majority.${majority.kind}`),
  );
  parts.push(t(poll.abstentionsCount ? "rules.abstentionsCount" : "rules.abstentionsIgnored"));
  const quorum = poll.quorum;
  if (quorum === null) parts.push(t("quorum.none"));
  else if (quorum.kind === "weight") parts.push(t("rules.quorumWeight", { weight: quorum.minWeight }));
  else parts.push(t("rules.quorumFraction", { numerator: quorum.numerator, denominator: quorum.denominator }));
  parts.push(poll.secret ? t("poll.secret") : t("poll.named"));
  if (poll.allowSplit) parts.push(t("rules.split"));
  return parts.join(" · ");
}
