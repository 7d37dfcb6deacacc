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
  /** Styles the confirm button as a destructive action. */
  danger?: boolean;
  children: ComponentChildren;
}

/** A modal question with confirm (focused first) and cancel; Escape cancels. */
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
        <button type="button" onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
    </Modal>
  );
}
