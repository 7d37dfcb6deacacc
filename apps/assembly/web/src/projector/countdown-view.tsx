import { t } from "../i18n.ts";
import { clockText, useNow } from "../ui/clock.ts";

/** A countdown to the instant the server fixed: every screen reaches zero together, and nothing is pushed while it runs. */
export function CountdownView({ endsAt, label }: { endsAt: string; label: string }) {
  const now = useNow(250);
  const remaining = Math.max(0, Date.parse(endsAt) - now);
  return (
    <section class="projector-countdown" aria-label={label || t("projector.countdown")} data-testid="projector-countdown">
      {label && <h2>{label}</h2>}
      <p class="countdown big-number" role="timer">
        {clockText(remaining)}
      </p>
      {remaining === 0 && <p class="muted">{t("projector.timeUp")}</p>}
    </section>
  );
}
