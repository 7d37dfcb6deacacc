import { useState } from "preact/hooks";
import { t } from "./console-texts.ts";
import { tm } from "../motions/motion-messages.ts";
import type { StateView } from "../model.ts";
import { ConfirmDialog } from "../ui/confirm-dialog.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";

/** A button per next state of the workflow; each step is confirmed first, since it is audited and most cannot be undone. */
export function TransitionButtons({
  subject,
  next,
  onMove,
}: {
  subject: string;
  next: readonly StateView[];
  onMove: (to: string) => Promise<unknown>;
}) {
  const [asked, setAsked] = useState<StateView | null>(null);
  const move = useAction(async (to: string) => {
    await onMove(to);
  });
  if (next.length === 0) return null;
  return (
    <div class="actions">
      {next.map((state) => (
        <button key={state.id} type="button" disabled={move.busy} onClick={() => setAsked(state)} data-state={state.id}>
          {tm("motion.moveTo", { state: state.name })}
        </button>
      ))}
      <ConfirmDialog
        open={asked !== null}
        title={tm("motion.confirmMove.title", { subject, state: asked?.name ?? "" })}
        confirmLabel={tm("motion.moveTo", { state: asked?.name ?? "" })}
        cancelLabel={t("cancel")}
        danger={asked?.final ?? false}
        onCancel={() => setAsked(null)}
        onConfirm={() => {
          const to = asked!.id;
          setAsked(null);
          void move.run(to);
        }}
      >
        <p>{tm(asked?.final ? "motion.confirmMove.final" : "motion.confirmMove.body")}</p>
      </ConfirmDialog>
      <ErrorText error={move.error} />
    </div>
  );
}
