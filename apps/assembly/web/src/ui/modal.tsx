import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

interface Props {
  open: boolean;
  /** Id of the element naming the dialog (its heading). */
  labelledBy: string;
  onCancel: () => void;
  class?: string;
  children: ComponentChildren;
}

/**
 * A modal on the native `<dialog>`: while open, focus moves into it and is
 * kept there, the page behind is inert, Escape calls `onCancel`, and focus
 * returns to the opener on close.
 */
export function Modal({ open, labelledBy, onCancel, class: className, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      class={className}
      aria-labelledby={labelledBy}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {open && children}
    </dialog>
  );
}
