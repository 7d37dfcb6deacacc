import { t } from "../i18n.ts";
import type { PollView } from "../model.ts";

/** A vote put on the screen that has nothing to show yet: not open, or closed with its result not yet published. */
export function WaitingView({ title, status }: { title: string; status: PollView["status"] }) {
  return (
    <section class="projector-poll" aria-labelledby="projector-waiting" data-testid="projector-waiting">
      <h2 id="projector-waiting">{title}</h2>
      <p class="big-number">{t(status === "closed" ? "projector.counting" : "projector.notYetOpen")}</p>
    </section>
  );
}
