import type { ComponentType } from "preact";
import type { Channel } from "phoenix";
import { AnnouncementCard } from "../ui/announcement-card.tsx";
import { useEffect, useState } from "preact/hooks";
import { Topics } from "../../../src/api/topics.ts";
import { ballotRoutes } from "../../../src/api/routes/ballots.ts";
import { participantSessionRoutes } from "../../../src/api/routes/participant-session.ts";
import type { ParticipantSelf } from "../../../src/api/routes/participant-session.ts";
import { ApiError, call } from "../api.ts";
import { t } from "../i18n.ts";
import { useConnection, useConnectionStatus, useLiveView } from "../live/hooks.ts";
import type { Connection } from "../live/connection.ts";
import { useSignedOutCheck } from "../live/use-signed-out-check.ts";
import type { EventView, ParticipantView, PollView, SpeakersView } from "../model.ts";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { LanguageSwitch } from "../ui/language-switch.tsx";
import { ResultBars } from "../ui/result-bars.tsx";
import { StatusBanner } from "../ui/status-banner.tsx";
import { useLazy } from "../ui/use-lazy.ts";
import { BallotForm } from "./ballot-form.tsx";
import { receiptFor } from "./receipts.ts";
import { LinkRevoked } from "./link-revoked.tsx";
import { PresencePanel } from "./presence-panel.tsx";
import { VotingRights } from "./voting-rights.tsx";

type Me = ParticipantSelf;

type MotionsProps = { connection: Connection | null; eventId: string; me: string };

/**
 * The motion book, its own chunk loaded on the first tap: the phone's first
 * load carries what voting needs and no more (venue Wi-Fi).
 */
function Motions(props: MotionsProps) {
  const [Section, setSection] = useState<ComponentType<MotionsProps> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () =>
    import("./motions-section.tsx").then(
      (module) => setSection(() => module.MotionsSection),
      (caught: unknown) => setError(caught),
    );
  if (Section) return <Section {...props} />;
  return (
    <section aria-labelledby="motions" class="stack">
      <h2 id="motions">{t("participant.motions")}</h2>
      <button type="button" onClick={() => void load()}>
        {t("participant.showMotions")}
      </button>
      <ErrorText error={error} />
    </section>
  );
}

function turnoutText(poll: PollView): string {
  return poll.turnout ? t("poll.turnout", { count: poll.turnout.count, eligible: poll.turnout.eligibleCount }) : "";
}

/** A closed secret poll's receipt list, with this device's receipt for it to look for. */
function PollReceipts({ poll, me, ui }: { poll: PollView; me: Me; ui: typeof import("../ui/published-receipts.tsx") | null }) {
  if (!poll.secret || ui === null) return null;
  const { PublishedReceipts } = ui;
  const mine = receiptFor(poll.id, me.participant.id);
  return (
    <PublishedReceipts
      load={() => call(ballotRoutes.publishedReceipts, { params: { pollId: poll.id } })}
      mine={mine === null ? [] : [mine]}
    />
  );
}

function OpenPoll({ poll, mine, me, channel }: { poll: PollView; mine: ParticipantView | null; me: Me; channel: Channel | null }) {
  const voted = mine?.voted[poll.id] ?? [];
  const delegate = mine?.delegatedTo ?? null;
  return (
    <article class="poll open" aria-labelledby={`poll-${poll.id}`}>
      <h3 id={`poll-${poll.id}`}>{poll.title}</h3>
      {poll.description && <p>{poll.description}</p>}
      <p class="muted">
        {poll.secret ? t("poll.secret") : t("poll.named")} · <span data-testid="turnout">{turnoutText(poll)}</span>
      </p>
      {delegate !== null && <p>{t("vote.delegated", { name: me.delegatedTo?.id === delegate ? me.delegatedTo.name : "—" })}</p>}
      {mine && mine.principals.length === 0 && delegate === null && <p>{t("vote.noEntitlement")}</p>}
      {mine?.principals.map((principal) => (
        <BallotForm
          key={principal.id}
          poll={poll}
          principal={principal}
          hasVoted={voted.includes(principal.id)}
          self={principal.id === me.participant.id}
          channel={channel}
        />
      ))}
    </article>
  );
}

/** `/p`: the participant's live event on their phone. */
export function ParticipantApp() {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    call(participantSessionRoutes.participantMe, {}).then(setMe, setError);
  }, []);
  const connection = useConnection("participant", me !== null && !error);
  const status = useConnectionStatus(connection);
  // Later checks of the session only act on a signed-out answer; a network hiccup is the banner's business.
  const recheck = (update: (fresh: Me) => void) =>
    call(participantSessionRoutes.participantMe, {}).then(update, (caught: unknown) => {
      if (caught instanceof ApiError && caught.status === 401) setError(caught);
    });
  useSignedOutCheck(status, participantSessionRoutes.participantMe, setError);
  const eventId = me?.participant.eventId ?? null;
  const event = useLiveView<EventView>(connection, eventId && Topics.event(eventId));
  const mine = useLiveView<ParticipantView>(connection, eventId && me && Topics.participant(eventId, me.participant.id));
  const speakers = useLiveView<SpeakersView>(connection, eventId && Topics.speakers(eventId));
  // Code for lists of speakers and elections comes with the first of them: a phone on venue Wi-Fi loads nothing it does not show.
  const speakersSection = useLazy(() => import("./speakers-section.tsx"), (speakers.model?.lists.length ?? 0) > 0);
  const electionSection = useLazy(() => import("./election-section.tsx"), (event.model?.elections.length ?? 0) > 0);
  const Speakers = speakersSection.module?.SpeakersSection;
  const Elections = electionSection.module?.ElectionSection;
  // The live view names the delegate by id only; their name comes with a fresh `me`.
  const delegate = mine.model?.delegatedTo ?? null;
  useEffect(() => {
    if (me && delegate !== (me.delegatedTo?.id ?? null)) void recheck(setMe);
  }, [delegate]);

  // Receipts matter once there are votes; before that the phone does not download their screens.
  const voting = (event.model?.polls.length ?? 0) > 0;
  const receiptCheck = useLazy(() => import("./receipt-check.tsx"), voting);
  const publishedReceipts = useLazy(() => import("../ui/published-receipts.tsx"), voting);

  if (error) {
    const signedOut = error instanceof ApiError && error.status === 401;
    // Signed in on this page before: the link itself has stopped working.
    const revoked = signedOut && me !== null;
    return (
      <main class="narrow">
        <h1>{t("app.name")}</h1>
        {revoked && <LinkRevoked eventId={me.participant.eventId} />}
        {signedOut && !revoked && <p role="alert">{t("participant.signedOut")}</p>}
        {!signedOut && <ErrorText error={error} />}
      </main>
    );
  }
  if (!me)
    return (
      <main class="narrow">
        <Busy />
      </main>
    );
  const view = event.model;
  const open = view?.polls.filter((poll) => poll.status === "open") ?? [];
  const closed = view?.polls.filter((poll) => poll.status === "closed") ?? [];
  const published = [...(view?.polls.filter((poll) => poll.status === "published") ?? [])].reverse();
  const remembered = (view?.polls ?? []).flatMap((poll) => {
    const code = receiptFor(poll.id, me.participant.id);
    return code === null ? [] : [{ pollId: poll.id, code }];
  });

  return (
    <div class="participant">
      <StatusBanner status={status} />
      <header class="bar">
        <div>
          <h1>{view?.event.name ?? t("app.name")}</h1>
          <p class="muted">{t("participant.signedInAs", { name: me.participant.name })}</p>
        </div>
        <LanguageSwitch />
      </header>
      <main>
        {event.state === "refused" && (
          <p role="alert" class="error">
            {t("participant.refused")}
          </p>
        )}
        {!view && event.state === "joining" && <Busy label={t("participant.loading")} />}
        {view && view.event.status !== "open" && <p class="notice">{t(`participant.event.${view.event.status}`)}</p>}
        {view && (
          <>
            {view.event.status === "open" && mine.model && <PresencePanel mine={mine.model} />}
            {mine.model && <VotingRights mine={mine.model} selfId={me.participant.id} />}
            <section aria-labelledby="open-polls">
              <h2 id="open-polls">{t("participant.openPolls")}</h2>
              {open.length === 0 && <p class="muted">{t("participant.noOpenPoll")}</p>}
              {open.map((poll) => (
                <OpenPoll key={poll.id} poll={poll} mine={mine.model} me={me} channel={mine.view?.channel ?? null} />
              ))}
              {closed.map((poll) => (
                <article key={poll.id} class="poll closed">
                  <h3>{poll.title}</h3>
                  <p>{t("poll.closedAwaiting")}</p>
                  <PollReceipts poll={poll} me={me} ui={publishedReceipts.module} />
                </article>
              ))}
            </section>
            {Speakers && speakers.model && (
              <Speakers view={speakers.model} agenda={view.agenda} me={me.participant.id} channel={mine.view?.channel ?? null} />
            )}
            {Elections && (
              <Elections elections={view.elections} mine={mine.model} selfId={me.participant.id} channel={mine.view?.channel ?? null} />
            )}
            {published.length > 0 && (
              <section aria-labelledby="results">
                <h2 id="results">{t("participant.results")}</h2>
                {published.map((poll) => (
                  <article key={poll.id} class="poll published" data-testid={`result-${poll.id}`}>
                    <h3>{poll.title}</h3>
                    {poll.result && <ResultBars result={poll.result} title={poll.title} kind={poll.kind} />}
                    <PollReceipts poll={poll} me={me} ui={publishedReceipts.module} />
                  </article>
                ))}
              </section>
            )}
            {receiptCheck.module && <receiptCheck.module.ReceiptCheck polls={view.polls} remembered={remembered} />}
            <ErrorText error={receiptCheck.error ?? publishedReceipts.error} />
            <Motions connection={connection} eventId={view.event.id} me={me.participant.id} />
            <section aria-labelledby="announcements">
              <h2 id="announcements">{t("participant.announcements")}</h2>
              {view.announcements.length === 0 && <p class="muted">{t("participant.noAnnouncements")}</p>}
              {view.announcements.map((announcement) => (
                <AnnouncementCard key={announcement.id} announcement={announcement} timezone={view.event.timezone} />
              ))}
            </section>
            <section aria-labelledby="agenda">
              <h2 id="agenda">{t("participant.agenda")}</h2>
              <ol class="agenda">
                {view.agenda.map((item) => (
                  <li key={item.id}>
                    <strong>{item.title}</strong>
                    {item.description && <p class="muted">{item.description}</p>}
                  </li>
                ))}
              </ol>
            </section>
          </>
        )}
      </main>
    </div>
  );
}
