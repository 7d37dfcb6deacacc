import type { ComponentChildren } from "preact";
import { ErrorText } from "./error-text.tsx";
import type { Action } from "./use-action.ts";
import { SubmitForm } from "./submit-form.tsx";

/** A form named by its heading that hands itself to `action` on submit and shows the action's last error below. */
export function ActionForm({
  label,
  action,
  class: className,
  children,
}: {
  label: string;
  action: Action<[HTMLFormElement]>;
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <SubmitForm action={action} class={`stack ${className ?? ""}`} aria-label={label}>
      <h3>{label}</h3>
      {children}
      <ErrorText error={action.error} />
    </SubmitForm>
  );
}
