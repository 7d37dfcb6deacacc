import type { FormHTMLAttributes } from "preact";
import type { Action } from "./use-action.ts";

type Props = Omit<FormHTMLAttributes<HTMLFormElement>, "onSubmit" | "action"> & {
  /** Runs with the form on submit (the page does not navigate); a submit while it runs is ignored, as `useAction` does. */
  action: Action<[HTMLFormElement]>;
};

/** A form whose submit runs an action with the form itself, so fields are read from it by name. */
export function SubmitForm({ action, children, ...form }: Props) {
  return (
    <form
      {...form}
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(event.currentTarget as HTMLFormElement);
      }}
    >
      {children}
    </form>
  );
}
