import { pollRoutes } from "../../../src/api/routes/polls.ts";
import { t } from "./console-texts.ts";
import type { Poll } from "../model.ts";
import { Busy } from "../ui/busy.tsx";
import { ballotText } from "../ui/choice-text.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useFetched } from "./use-fetched.ts";

/**
 * Who voted what in a published named poll. The caller never renders it for
 * a secret poll (and the server refuses: secret ballots are linked to no one).
 */
export function NamedBallots({ eventId, poll }: { eventId: string; poll: Poll }) {
  const ballots = useFetched(pollRoutes.namedBallots, { params: { eventId, pollId: poll.id } });
  if (ballots.error) return <ErrorText error={ballots.error} />;
  if (!ballots.data) return <Busy />;
  return (
    <div class="table-wrap">
      <table class="named-ballots" data-testid={`ballots-${poll.id}`}>
        <caption>{t("ballots.title", { count: ballots.data.ballots.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("participants.name")}</th>
            <th scope="col">{t("ballots.choice")}</th>
            <th scope="col">{t("participants.weight")}</th>
          </tr>
        </thead>
        <tbody>
          {ballots.data.ballots.map((ballot) => (
            <tr key={ballot.participantId}>
              <td>
                {ballot.name}
                {ballot.voterId !== ballot.participantId && <span class="muted"> ({t("ballots.byProxy")})</span>}
              </td>
              <td>{ballotText(poll, ballot)}</td>
              <td>{ballot.weight}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
