import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import { Modal } from "./modal.tsx";

interface Props {
  open: boolean;
  title: string;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** A destructive action: the confirm button says so and focus starts on cancel. */
  danger?: boolean;
  children: ComponentChildren;
}

/** A modal question with confirm and cancel; focus starts on confirm, or on cancel when `danger`; Escape cancels. */
export function ConfirmDialog({ open, title, confirmLabel, cancelLabel, onConfirm, onCancel, danger = false, children }: Props) {
  const titleId = useId();
  return (
    <Modal open={open} labelledBy={titleId} onCancel={onCancel} class="confirm">
      <h2 id={titleId}>{title}</h2>
      <div class="confirm-body">{children}</div>
      <div class="actions">
        <button type="button" class={danger ? "danger" : "primary"} onClick={onConfirm}>
          {confirmLabel}
        </button>
        {/* A destructive question starts on Cancel, so a reflexive Enter does no harm. */}
        {/* biome-ignore lint/a11y/noAutofocus: in a modal dialog autofocus only picks where focus starts, as the HTML spec advises */}
        <button type="button" onClick={onCancel} autoFocus={danger}>
          {cancelLabel}
        </button>
      </div>
    </Modal>
  );
}
