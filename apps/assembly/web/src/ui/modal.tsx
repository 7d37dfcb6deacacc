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

let opened = 0;

/**
 * While a modal is open, the browser's Back closes it: Android's back button
 * on a vote's confirmation would otherwise leave the app. Opening adds a
 * history entry of the same address; Back pops it and cancels; closing it
 * any other way takes the entry back, unless the page has navigated since.
 */
function useBackCancels(open: boolean, onCancel: () => void): void {
  const cancel = useRef(onCancel);
  cancel.current = onCancel;
  useEffect(() => {
    if (!open) return;
    const marker = `modal-${++opened}`;
    history.pushState({ ...(history.state as object | null), modal: marker }, "");
    const isOurs = () => (history.state as { modal?: string } | null)?.modal === marker;
    let popped = false;
    // Back from a modal opened over this one lands on this one's entry: that closes only the other.
    const onPop = () => {
      if (isOurs()) return;
      popped = true;
      cancel.current();
    };
    addEventListener("popstate", onPop);
    return () => {
      removeEventListener("popstate", onPop);
      if (!popped && isOurs()) history.back();
    };
  }, [open]);
}

/**
 * A modal on the native `<dialog>`: while open, focus moves into it and is
 * kept there, the page behind is inert, Escape and Back call `onCancel`, and
 * focus returns to the opener on close.
 */
export function Modal({ open, labelledBy, onCancel, class: className, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useBackCancels(open, onCancel);
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
