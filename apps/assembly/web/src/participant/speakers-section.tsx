import type { Channel } from "phoenix";
import { t, useLanguage } from "../i18n.ts";
import type { EventView, SpeakerListView, SpeakersView } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { SpeakerClock } from "../ui/speaker-clock.tsx";
import { useAction } from "../ui/use-action.ts";
import { askToSpeak, withdrawFromList } from "./request-to-speak.ts";

type Kind = SpeakerListView["queue"][number]["kind"];

/** The kinds a list takes, in the order the buttons show them. */
function kindsOf(list: SpeakerListView): Kind[] {
  const kinds: Kind[] = list.settings.proContra ? ["pro", "contra"] : ["normal"];
  if (list.settings.pointsOfOrder) kinds.push("point_of_order");
  return kinds;
}

function ListOnPhone({ list, title, me, channel }: { list: SpeakerListView; title: string; me: string; channel: Channel | null }) {
  const [language] = useLanguage();
  const ask = useAction((kind: Kind) => askToSpeak(channel, list.id, kind));
  const withdraw = useAction((entryId: string) => withdrawFromList(channel, list.id, entryId));
  const mine = list.queue.map((seat, index) => ({ seat, position: index + 1 })).filter(({ seat }) => seat.participantId === me);
  const waitingWith = new Set(mine.map(({ seat }) => (seat.kind === "point_of_order" ? "point_of_order" : "speech")));
  const speaking = list.current?.participantId === me;
  return (
    <article class="speaker-list" aria-labelledby={`speakers-${list.id}`} data-testid={`speakers-${list.id}`}>
      <h3 id={`speakers-${list.id}`}>{title}</h3>
      <p>
        {list.current ? (
          <>
            {t("speakers.current")}: <strong>{list.current.name}</strong> <SpeakerClock current={list.current} />
          </>
        ) : (
          <span class="muted">{t("speakers.nobody")}</span>
        )}
      </p>
      <p class="muted">{t("speakers.waiting", { count: list.queue.length })}</p>
      {speaking && <p class="notice">{t("speakers.you")}</p>}
      {mine.map(({ seat, position }) => (
        <p key={seat.entryId} class="my-position" data-testid="my-position">
          {t("speakers.position", { position })} ({t(`speakers.kind.${seat.kind}`)}){" "}
          <button type="button" disabled={withdraw.busy} onClick={() => void withdraw.run(seat.entryId)}>
            {t("speakers.withdraw")}
          </button>
        </p>
      ))}
      {list.closed && <p class="notice">{t("speakers.closed")}</p>}
      <div class="actions">
        {kindsOf(list)
          .filter((kind) => !waitingWith.has(kind === "point_of_order" ? "point_of_order" : "speech"))
          .filter((kind) => !list.closed || kind === "point_of_order")
          .map((kind) => (
            <button
              key={kind}
              type="button"
              class={kind === "point_of_order" ? "" : "primary"}
              disabled={ask.busy}
              onClick={() => void ask.run(kind)}
            >
              {t(`speakers.request.${kind}`)}
            </button>
          ))}
      </div>
      <ErrorText error={ask.error ?? withdraw.error} />
      <details>
        <summary>{t("speakers.rule")}</summary>
        <p>{list.rule[language]}</p>
      </details>
    </article>
  );
}

/** "Speakers on motion A1: …", how every screen names a motion's list. */
export const speakersOnMotion = ({ number, title }: NonNullable<SpeakerListView["motion"]>): string =>
  number === null ? t("speakers.onUnnumberedMotion", { title }) : t("speakers.onMotion", { number, title });

/** Title of a list: the motion when it is a motion's, else its agenda item. */
export function speakerListTitle(list: SpeakerListView, agenda: EventView["agenda"]): string {
  if (list.motion !== null) return speakersOnMotion(list.motion);
  return agenda.find((candidate) => candidate.id === list.agendaItemId)?.title ?? "";
}

/** The participant's lists of speakers: who speaks, where they stand, and asking to speak. */
export function SpeakersSection({
  view,
  agenda,
  me,
  channel,
}: {
  view: SpeakersView | null;
  agenda: EventView["agenda"];
  me: string;
  channel: Channel | null;
}) {
  const lists = view?.lists ?? [];
  return (
    <section aria-labelledby="speakers">
      <h2 id="speakers">{t("speakers.title")}</h2>
      {lists.length === 0 && <p class="muted">{t("speakers.none")}</p>}
      {lists.map((list) => (
        <ListOnPhone key={list.id} list={list} title={speakerListTitle(list, agenda)} me={me} channel={channel} />
      ))}
    </section>
  );
}
