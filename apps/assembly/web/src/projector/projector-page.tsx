import { pollRoutes } from "../../../src/api/routes/polls.ts";
import { Topics } from "../../../src/api/topics.ts";
import { call } from "../api.ts";
import { t } from "../i18n.ts";
import { useConnection, useConnectionStatus, useLiveView } from "../live/hooks.ts";
import type { EventView, PollView } from "../model.ts";
import { RequireAdmin } from "../admin/require-admin.tsx";
import { Busy } from "../ui/busy.tsx";
import { PublishedReceipts } from "../ui/published-receipts.tsx";
import { ResultBars } from "../ui/result-bars.tsx";
import { StatusBanner } from "../ui/status-banner.tsx";
import { SpeakerView } from "./speaker-view.tsx";
import { ElectionProjection } from "./election-view.tsx";

/**
 * The item being dealt with: the one of the open poll, else of the latest
 * poll past draft, else of the newest announcement, else the first one.
 */
function currentItem(view: EventView): EventView["agenda"][number] | undefined {
  const open = view.polls.find((poll) => poll.status === "open");
  const latest = open ?? view.polls.at(-1);
  const itemId = latest?.agendaItemId ?? view.announcements.find((announcement) => announcement.agendaItemId)?.agendaItemId;
  return view.agenda.find((item) => item.id === itemId) ?? view.agenda[0];
}

function OpenPoll({ poll }: { poll: PollView }) {
  const turnout = poll.turnout;
  return (
    <section class="projector-poll" aria-labelledby={`projector-poll-${poll.id}`}>
      <h2 id={`projector-poll-${poll.id}`}>{poll.title}</h2>
      <p class="big-number" data-testid="projector-turnout">
        {turnout ? t("poll.turnout", { count: turnout.count, eligible: turnout.eligibleCount }) : ""}
      </p>
      {turnout && (
        <progress class="turnout" max={Math.max(turnout.eligibleCount, 1)} value={turnout.count} aria-label={t("projector.turnout")} />
      )}
    </section>
  );
}

function Projection({ eventId }: { eventId: string }) {
  const connection = useConnection("admin");
  const status = useConnectionStatus(connection);
  const live = useLiveView<EventView>(connection, Topics.event(eventId));
  const view = live.model;
  if (!view) return <main class="projector">{live.state === "refused" ? <p role="alert">{t("projector.refused")}</p> : <Busy />}</main>;
  const item = currentItem(view);
  const open = view.polls.filter((poll) => poll.status === "open");
  const published = view.polls.filter((poll) => poll.status === "published").at(-1);
  // The hall can see every receipt of the last secret vote among the counted: hashes only, nobody named.
  const lastSecret = view.polls.filter((poll) => poll.secret && (poll.status === "closed" || poll.status === "published")).at(-1);
  return (
    <div class="projector">
      {status !== "online" && <StatusBanner status={status} />}
      <header>
        <p class="event-name">{view.event.name}</p>
        <p class="present">{t("projector.present", { present: view.present, eligible: view.eligible })}</p>
      </header>
      <main>
        {item && <h1 class="current-item">{item.title}</h1>}
        {open.map((poll) => (
          <OpenPoll key={poll.id} poll={poll} />
        ))}
        <SpeakerView eventId={eventId} connection={connection} agendaItemId={item?.id ?? null} />
        <ElectionProjection view={view} />
        {open.length === 0 && published?.result && (
          <section class="projector-result" aria-labelledby="projector-result" data-testid="projector-result">
            <h2 id="projector-result">{published.title}</h2>
            <ResultBars result={published.result} title={published.title} kind={published.kind} />
          </section>
        )}
        {open.length === 0 && lastSecret && (
          <section class="projector-receipts" aria-label={lastSecret.title}>
            <PublishedReceipts
              key={lastSecret.id}
              load={() => call(pollRoutes.pollReceipts, { params: { eventId, pollId: lastSecret.id } })}
              mine={[]}
            />
          </section>
        )}
      </main>
    </div>
  );
}

/** `/projector/<eventId>`: the hall screen, readable from the back row. */
export function ProjectorPage({ eventId }: { eventId: string }) {
  return <RequireAdmin>{() => <Projection eventId={eventId} />}</RequireAdmin>;
}
