import { participantSessionRoutes } from "../../../src/api/routes/participant-session.ts";
import { call } from "../api.ts";
import { t } from "../i18n.ts";
import type { ParticipantView } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";

/**
 * The member's own presence: opening the page never checks anyone in, so
 * the phone asks "I am here" and offers leaving. A chair's check-out is
 * said as such, since only the member's own check-in undoes it.
 */
export function PresencePanel({ mine }: { mine: ParticipantView }) {
  const { present, checkedOutByChair } = mine.participant;
  const toggle = useAction(() => call(present ? participantSessionRoutes.selfCheckOut : participantSessionRoutes.selfCheckIn, {}));
  return (
    <section class={present ? "presence-panel present" : "presence-panel"} aria-labelledby="presence-title">
      <h2 id="presence-title">{t("presence.title")}</h2>
      <p aria-live="polite" data-testid="my-presence">
        {present ? t("presence.youArePresent") : t(checkedOutByChair ? "presence.checkedOutByChair" : "presence.notYet")}
      </p>
      <button type="button" class={present ? undefined : "primary"} disabled={toggle.busy} onClick={() => void toggle.run()}>
        {present ? t("presence.leave") : t("presence.here")}
      </button>
      <ErrorText error={toggle.error} />
    </section>
  );
}
