import { pollRoutes } from "../../../src/api/routes/polls.ts";
import { call } from "../api.ts";
import type { EventView, SpeakersView } from "../model.ts";
import { PublishedReceipts } from "../ui/published-receipts.tsx";
import { ElectionProjection } from "./election-view.tsx";
import { OpenPoll, PollResultShown } from "./poll-view.tsx";
import { followedList, SpeakerView } from "./speaker-view.tsx";

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

/** A screen following the day: the current item, the open polls and elections, then the latest published result. */
export function AutoView({ eventId, view, speakers }: { eventId: string; view: EventView; speakers: SpeakersView | null }) {
  const item = currentItem(view);
  const open = view.polls.filter((poll) => poll.status === "open");
  const published = view.polls.filter((poll) => poll.status === "published").at(-1);
  // The hall can see every receipt of the last secret vote among the counted: hashes only, nobody named.
  const lastSecret = view.polls.filter((poll) => poll.secret && (poll.status === "closed" || poll.status === "published")).at(-1);
  const list = speakers && followedList(speakers.lists, item?.id ?? null);
  return (
    <>
      {item && <h1 class="current-item">{item.title}</h1>}
      {open.map((poll) => (
        <OpenPoll key={poll.id} poll={poll} />
      ))}
      {list && <SpeakerView list={list} />}
      <ElectionProjection view={view} />
      {open.length === 0 && published && <PollResultShown poll={published} />}
      {open.length === 0 && lastSecret && (
        <section class="projector-receipts" aria-label={lastSecret.title}>
          <PublishedReceipts
            key={lastSecret.id}
            load={() => call(pollRoutes.pollReceipts, { params: { eventId, pollId: lastSecret.id } })}
            mine={[]}
          />
        </section>
      )}
    </>
  );
}
