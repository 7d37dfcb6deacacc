import { t } from "../i18n.ts";
import type { SpeakerListView } from "../model.ts";
import { speakersOnMotion } from "../participant/speakers-section.tsx";
import { SpeakerClock } from "../ui/speaker-clock.tsx";

const shownNext = 3;

/** The list the hall follows: the one someone speaks on (the current item's first), else the current item's own. */
export function followedList(lists: readonly SpeakerListView[], agendaItemId: string | null): SpeakerListView | undefined {
  const ofItem = (list: SpeakerListView) => list.agendaItemId === agendaItemId;
  return (
    lists.find((list) => list.current !== null && ofItem(list)) ??
    lists.find((list) => list.current !== null) ??
    lists.find((list) => ofItem(list) && list.motionId === null)
  );
}

/** The hall screen's list of speakers: who speaks with their clock, and the next three. */
export function SpeakerView({ list }: { list: SpeakerListView }) {
  return (
    <section class="projector-speakers" aria-labelledby="projector-speakers" data-testid="projector-speakers">
      <h2 id="projector-speakers">{t("speakers.title")}</h2>
      {list.motion && <p data-testid="projector-speakers-motion">{speakersOnMotion(list.motion)}</p>}
      {list.current ? (
        <p class="projector-speaker">
          <strong data-testid="projector-current">{list.current.name}</strong>{" "}
          <SpeakerClock current={list.current} class="speaker-clock big-number" />
        </p>
      ) : (
        <p class="muted">{t("speakers.nobody")}</p>
      )}
      {list.queue.length > 0 && (
        <>
          <h3>{t("speakers.next")}</h3>
          <ol class="projector-next" data-testid="projector-next">
            {list.queue.slice(0, shownNext).map((seat) => (
              <li key={seat.entryId}>
                {seat.name}
                {seat.kind !== "normal" && <span class={`pill kind-${seat.kind}`}> {t(`speakers.kind.${seat.kind}`)}</span>}
              </li>
            ))}
          </ol>
          {list.queue.length > shownNext && <p class="muted">{t("speakers.waiting", { count: list.queue.length })}</p>}
        </>
      )}
      {list.closed && <p class="muted">{t("speakers.closed")}</p>}
    </section>
  );
}
