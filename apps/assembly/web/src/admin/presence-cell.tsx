import { participantRoutes } from "../../../src/api/routes/participants.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import type { ParticipantListItem } from "../../../src/api/routes/participants.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";

/**
 * Presence (stated by the member or a chair) and, apart from it, whether
 * they are online now; for those who may manage attendance, checking the
 * participant in or out at the door.
 */
export function PresenceCell({
  eventId,
  participant,
  manage,
  onChanged,
}: {
  eventId: string;
  participant: ParticipantListItem;
  manage: boolean;
  onChanged: () => void;
}) {
  const toggle = useAction(async () => {
    await call(participant.present ? participantRoutes.checkOut : participantRoutes.checkIn, {
      params: { eventId, participantId: participant.id },
    });
    onChanged();
  });
  const label = participant.present ? "participants.checkOut" : "participants.checkIn";
  return (
    <div class="presence">
      <span>{participant.present ? t("participants.isPresent") : t("participants.isAbsent")}</span>
      <small class={participant.online ? "online-state online" : "online-state"} data-testid="online-state">
        {participant.online ? t("participants.online") : t("participants.offline")}
      </small>
      {manage && (
        <button
          type="button"
          class="small"
          disabled={toggle.busy}
          onClick={() => void toggle.run()}
          aria-label={t(`${label}For`, { name: participant.name })}
        >
          {t(label)}
        </button>
      )}
      <ErrorText error={toggle.error} />
    </div>
  );
}
