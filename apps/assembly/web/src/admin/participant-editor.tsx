import { useId, useState } from "preact/hooks";
import { participantRoutes } from "../../../src/api/routes/participants.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import type { ParticipantRow } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { Modal } from "../ui/modal.tsx";
import { useAction } from "../ui/use-action.ts";
import { SubmitForm } from "../ui/submit-form.tsx";

interface Props {
  eventId: string;
  /** The participant to edit, `"new"` to add one, null when closed. */
  editing: ParticipantRow | "new" | null;
  onClose: () => void;
  onSaved: () => void;
}

/** Adds one participant or edits one (name, email, group, region, weight, voting right) in a modal form. */
export function ParticipantEditor({ eventId, editing, onClose, onSaved }: Props) {
  const titleId = useId();
  // The modal mounts its content on each opening, so every form starts fresh (values, last error).
  return (
    <Modal open={editing !== null} labelledBy={titleId} onCancel={onClose} class="confirm editor">
      {editing !== null && (
        <EditorForm eventId={eventId} current={editing === "new" ? null : editing} titleId={titleId} onClose={onClose} onSaved={onSaved} />
      )}
    </Modal>
  );
}

function EditorForm({
  eventId,
  current,
  titleId,
  onClose,
  onSaved,
}: Omit<Props, "editing"> & { current: ParticipantRow | null; titleId: string }) {
  const languageOf = (value: string): "en" | "de" | null => (value === "en" || value === "de" ? value : null);
  const save = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const body = {
      name: text("name"),
      email: text("email"),
      group: text("group") || null,
      region: text("region") || null,
      weight: Number(text("weight")),
      eligible: data.get("eligible") === "on",
      language: languageOf(text("language")),
      memberNumber: text("memberNumber") || null,
    };
    if (current) await call(participantRoutes.updateParticipant, { params: { eventId, participantId: current.id }, body });
    else await call(participantRoutes.addParticipant, { params: { eventId }, body });
    onSaved();
    onClose();
  });
  const [confirmingRemoval, setConfirmingRemoval] = useState(false);
  const remove = useAction(async () => {
    if (!current) return;
    await call(participantRoutes.removeParticipant, { params: { eventId, participantId: current.id } });
    onSaved();
    onClose();
  });
  return (
    <SubmitForm action={save} class="stack">
      <h2 id={titleId}>{current ? t("participant.edit", { name: current.name }) : t("participant.add")}</h2>
      <label>
        {t("participants.name")}
        <input name="name" required maxLength={200} defaultValue={current?.name ?? ""} />
      </label>
      <label>
        {t("participants.email")}
        <input name="email" type="email" required maxLength={320} defaultValue={current?.email ?? ""} />
      </label>
      <label>
        {t("participants.memberNumber")}
        <input name="memberNumber" maxLength={64} autoComplete="off" defaultValue={current?.memberNumber ?? ""} />
      </label>
      <label>
        {t("participants.group")}
        <input name="group" maxLength={200} defaultValue={current?.group ?? ""} />
      </label>
      <label>
        {t("participants.region")}
        <input name="region" maxLength={200} defaultValue={current?.region ?? ""} />
      </label>
      <label>
        {t("participants.weight")}
        <input
          name="weight"
          type="number"
          required
          min={1}
          max={1_000_000_000}
          step={1}
          inputMode="numeric"
          defaultValue={String(current?.weight ?? 1)}
        />
      </label>
      <label>
        {t("participants.language")}
        <select name="language" defaultValue={current?.language ?? ""}>
          <option value="">{t("participants.languageOfEvent")}</option>
          <option value="en">{t("language.en")}</option>
          <option value="de">{t("language.de")}</option>
        </select>
      </label>
      <label class="check">
        <input name="eligible" type="checkbox" defaultChecked={current?.eligible ?? true} />
        {t("participant.eligible")}
      </label>
      <ErrorText error={save.error ?? remove.error} />
      {confirmingRemoval && current ? (
        <div class="actions" role="alertdialog" aria-label={t("participant.remove")}>
          <p>{t("participant.removeConfirm", { name: current.name })}</p>
          <button type="button" class="danger" disabled={remove.busy} onClick={() => void remove.run()}>
            {t("participant.removeYes")}
          </button>
          <button type="button" onClick={() => setConfirmingRemoval(false)}>
            {t("cancel")}
          </button>
        </div>
      ) : (
        <div class="actions">
          <button type="submit" class="primary" disabled={save.busy}>
            {t("save")}
          </button>
          <button type="button" onClick={onClose}>
            {t("cancel")}
          </button>
          {current && (
            <button type="button" class="danger" onClick={() => setConfirmingRemoval(true)}>
              {t("participant.remove")}
            </button>
          )}
        </div>
      )}
    </SubmitForm>
  );
}
