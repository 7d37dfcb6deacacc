import { t } from "../i18n.ts";

/** An indeterminate progress indicator for a long action, with its name for screen readers. */
export function Busy({ label }: { label?: string }) {
  const text = label ?? t("busy");
  return (
    <span class="busy" role="status">
      <progress aria-label={text} />
      <span>{text}</span>
    </span>
  );
}
