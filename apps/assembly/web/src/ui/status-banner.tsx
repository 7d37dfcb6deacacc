import type { ConnectionStatus } from "../live/connection.ts";
import { t } from "../i18n.ts";

/** The connection state, announced politely to screen readers when it changes. */
export function StatusBanner({ status }: { status: ConnectionStatus }) {
  return (
    <div class={`status-banner status-${status}`} role="status" aria-live="polite" data-status={status}>
      {t(`connection.${status}`)}
    </div>
  );
}
