import { participantRoutes } from "../../../src/api/routes/participants.ts";
import { call } from "../api.ts";
import { t } from "../i18n.ts";
import type { ParticipantRow } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";

/** Presence and, for those who may manage attendance, checking the participant in or out at the door. */
export function PresenceCell({
  eventId,
  participant,
  manage,
  onChanged,
}: {
  eventId: string;
  participant: ParticipantRow;
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
