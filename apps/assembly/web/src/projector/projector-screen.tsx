import { t } from "../i18n.ts";
import type { EventView, MotionListView, ProjectorScreenView, SpeakersView } from "../model.ts";
import { AnnouncementCard } from "../ui/announcement-card.tsx";
import { AutoView } from "./auto-view.tsx";
import { CountdownView } from "./countdown-view.tsx";
import { ElectionShown } from "./election-view.tsx";
import { MotionView } from "./motion-view.tsx";
import { PollShown } from "./poll-view.tsx";
import { SpeakerView } from "./speaker-view.tsx";

/** The live views a screen renders from; each screen page and the console's previews hold them once. */
export interface ScreenSources {
  view: EventView;
  speakers: SpeakersView | null;
  motions: MotionListView | null;
}

/**
 * What one screen shows, from the content the chairs chose (`screen` null:
 * the event's own hall screen, following the day). The same component
 * renders the screen in the hall and its preview in the console.
 */
function ShownContent({ eventId, screen, sources }: { eventId: string; screen: ProjectorScreenView | null; sources: ScreenSources }) {
  const { view, speakers, motions } = sources;
  const content = screen?.content ?? { kind: "auto" };
  switch (content.kind) {
    case "auto":
      return <AutoView eventId={eventId} view={view} speakers={speakers} />;
    case "blank":
      return null;
    case "agendaItem": {
      const item = view.agenda.find((candidate) => candidate.id === content.agendaItemId);
      return item ? (
        <section class="projector-item" data-testid="projector-item">
          <h1 class="current-item">{item.title}</h1>
          {item.description && <p class="pre">{item.description}</p>}
        </section>
      ) : null;
    }
    case "poll": {
      const poll = view.polls.find((candidate) => candidate.id === content.pollId);
      return poll ? <PollShown poll={poll} /> : null;
    }
    case "election": {
      const election = view.elections.find((candidate) => candidate.id === content.electionId);
      return election ? <ElectionShown election={election} /> : null;
    }
    case "announcement":
      return screen?.announcement ? (
        <section class="projector-announcement" data-testid="projector-announcement">
          <AnnouncementCard announcement={screen.announcement} timezone={view.event.timezone} />
        </section>
      ) : null;
    case "speakers": {
      const list = speakers?.lists.find((candidate) => candidate.id === content.listId);
      return list ? <SpeakerView list={list} /> : null;
    }
    case "motion": {
      const motion = motions?.motions.find((candidate) => candidate.id === content.motionId);
      return motion ? <MotionView motion={motion} /> : null;
    }
    case "countdown":
      return <CountdownView endsAt={content.endsAt} label={content.label} />;
  }
}

/** One screen: the event's name and who is present on top, the chosen content below; blank shows the name alone. */
export function ProjectorScreen({
  eventId,
  screen,
  sources,
}: {
  eventId: string;
  screen: ProjectorScreenView | null;
  sources: ScreenSources;
}) {
  const { view } = sources;
  if (screen?.content.kind === "blank")
    return (
      <div class="projector-blank" data-testid="projector-blank">
        <p class="event-name">{view.event.name}</p>
      </div>
    );
  return (
    <>
      <header>
        <p class="event-name">{view.event.name}</p>
        <p class="present">{t("projector.present", { present: view.present, eligible: view.eligible })}</p>
      </header>
      <div class="projector-main" data-testid="projector-content" data-kind={screen?.content.kind ?? "auto"}>
        <ShownContent eventId={eventId} screen={screen} sources={sources} />
      </div>
    </>
  );
}
