import { t, presentNotVotedText } from "./console-texts.ts";
import type { AdminView } from "../model.ts";

/** The chairs' live numbers: presence and, per open poll, turnout and who present has not voted. */
export function LiveCounts({ admin }: { admin: AdminView | null }) {
  if (!admin) return <p class="muted live-counts">{t("admin.live.waiting")}</p>;
  const { counts, openPolls } = admin;
  return (
    <div class="live-counts">
      <dl class="counts">
        <div>
          <dt>{t("counts.present")}</dt>
          <dd data-testid="count-present">
            {counts.present} / {counts.total}
          </dd>
        </div>
        <div>
          <dt>{t("counts.presentEligible")}</dt>
          <dd>
            {counts.presentEligible} / {counts.eligible}
          </dd>
        </div>
      </dl>
      {openPolls.map((poll) => (
        <p key={poll.pollId} class="open-turnout" data-testid={`turnout-${poll.pollId}`}>
          <strong>{poll.title}</strong>: {t("poll.turnout", { count: poll.count, eligible: poll.eligibleCount })} ·{" "}
          {presentNotVotedText(poll.presentNotVoted)}
        </p>
      ))}
    </div>
  );
}
