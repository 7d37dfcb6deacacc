import { t } from "../i18n.ts";
import type { MotionSummary } from "../model.ts";

/** A motion as the hall reads it: number and title, who moved it, where it stands. */
export function MotionView({ motion }: { motion: MotionSummary }) {
  return (
    <section class="projector-motion" aria-labelledby="projector-motion" data-testid="projector-motion">
      <h2 id="projector-motion">{motion.number === null ? motion.title : `${motion.number} ${motion.title}`}</h2>
      {motion.submitters.length > 0 && (
        <p>{t("projector.movedBy", { names: motion.submitters.map((submitter) => submitter.name).join(", ") })}</p>
      )}
      <p class="big-number">{motion.state.name}</p>
    </section>
  );
}
