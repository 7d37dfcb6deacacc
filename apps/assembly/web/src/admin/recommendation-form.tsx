import { useState } from "preact/hooks";
import { t } from "./console-texts.ts";
import { tm } from "../motions/motion-messages.ts";
import type { Recommendation } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { SubmitForm } from "../ui/submit-form.tsx";

const kinds: Recommendation["kind"][] = ["accept", "reject", "accept_amended", "refer", "other"];

/** The board's or a committee's advice beside a motion or amendment; it never changes the state. */
export function RecommendationForm({
  current,
  onSave,
}: {
  current: Recommendation | null;
  onSave: (value: Recommendation | null) => Promise<unknown>;
}) {
  const [open, setOpen] = useState(false);
  const save = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const label = String(data.get("label") ?? "").trim();
    await onSave({
      kind: String(data.get("kind")) as Recommendation["kind"],
      label: label === "" ? null : label,
      recommender: String(data.get("recommender") ?? ""),
    });
    setOpen(false);
  });
  const clear = useAction(async () => {
    await onSave(null);
    setOpen(false);
  });
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {tm(current ? "motion.recommendation.change" : "motion.recommendation.add")}
      </button>
    );
  }
  return (
    <SubmitForm action={save} class="stack recommendation-form">
      <label>
        {tm("motion.recommendation.recommender")}
        <input name="recommender" required maxLength={200} value={current?.recommender ?? ""} />
      </label>
      <label>
        {tm("motion.recommendation.kind")}
        <select name="kind" value={current?.kind ?? "accept"}>
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {tm(`motion.recommend.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {tm("motion.recommendation.label")}
        <input name="label" maxLength={200} value={current?.label ?? ""} />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={save.busy}>
          {t("save")}
        </button>
        {current && (
          <button type="button" disabled={clear.busy} onClick={() => void clear.run()}>
            {tm("motion.recommendation.clear")}
          </button>
        )}
        <button type="button" onClick={() => setOpen(false)}>
          {t("cancel")}
        </button>
      </div>
      <ErrorText error={save.error ?? clear.error} />
    </SubmitForm>
  );
}
