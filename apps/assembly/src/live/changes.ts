import type { Endpoint, PubSub } from "@plenum/realtime";
import { KeyedThrottle } from "@plenum/realtime/live/throttle";
import type { LiveViews } from "@plenum/realtime/live/live-views";
import { Topics } from "../api/topics.ts";

const BUS = "assembly:changes";

type Change =
  | { kind: "event"; eventId: string }
  | { kind: "proxies"; eventId: string }
  | { kind: "participants"; eventId: string }
  | { kind: "participant"; eventId: string; participantId: string }
  | { kind: "mail"; eventId: string }
  | { kind: "motions"; eventId: string; motionId: string | null }
  | { kind: "speakers"; eventId: string }
  | { kind: "projectors"; eventId: string };

/**
 * Where writes announce themselves, after they committed. A change is
 * published once on the cluster bus; every node then re-renders the live
 * views it holds (throttled per topic by `LiveViews`) and tells its chairs
 * `participants_changed` at most once per second per event — a small
 * notification after which the chair console fetches one page, never the
 * participant list itself: pushing that list to every chair on every join
 * is what takes an assembly tool down when thousands log in at once.
 */
export class Changes {
  readonly #pubsub: PubSub;
  readonly #views: LiveViews;
  readonly #notify: KeyedThrottle;
  readonly #notifyMotions: KeyedThrottle;
  readonly #speakersNotice: KeyedThrottle;
  #unsubscribe: (() => void) | undefined;

  constructor(pubsub: PubSub, views: LiveViews, endpoint: Endpoint, notifyIntervalMs = 1000) {
    this.#pubsub = pubsub;
    this.#views = views;
    this.#notify = new KeyedThrottle(notifyIntervalMs, (eventId) =>
      endpoint.localBroadcast(Topics.admin(eventId), "participants_changed", {}),
    );
    // A wave of support taps reaches the chairs as one notice a second, whatever their number.
    this.#notifyMotions = new KeyedThrottle(notifyIntervalMs, (eventId) =>
      endpoint.localBroadcast(Topics.admin(eventId), "motions_changed", {}),
    );
    // The list itself reaches everyone as patches of its view; chairs' other panels (speaking time) refetch on this notice.
    this.#speakersNotice = new KeyedThrottle(notifyIntervalMs, (eventId) =>
      endpoint.localBroadcast(Topics.admin(eventId), "speakers_changed", {}),
    );
  }

  start(): void {
    this.#unsubscribe ??= this.#pubsub.subscribe(BUS, ({ payload }) => this.#apply(payload as Change));
  }

  close(): void {
    this.#unsubscribe?.();
    this.#notify.close();
    this.#notifyMotions.close();
    this.#speakersNotice.close();
  }

  /** Agenda, announcements, polls, event settings or status. */
  event(eventId: string): void {
    this.#publish({ kind: "event", eventId });
  }

  /** Who is in the event, present, eligible, or has voted. */
  participants(eventId: string): void {
    this.#publish({ kind: "participants", eventId });
  }

  /**
   * Who is online in the event changed. Every node sees the tracker's diff
   * itself, so this only tells this node's chairs (`participants_changed`),
   * and re-renders nothing: presence did not change.
   */
  connections(eventId: string): void {
    this.#notify.touch(eventId);
  }

  /** Delegations changed: every participant view of the event may show other principals. */
  proxies(eventId: string): void {
    this.#publish({ kind: "proxies", eventId });
  }

  /** One participant's own view (their votes, their proxies). */
  participant(eventId: string, participantId: string): void {
    this.#publish({ kind: "participant", eventId, participantId });
  }

  /** The event's invitation mail moved on: only the chairs' view shows it. */
  mail(eventId: string): void {
    this.#publish({ kind: "mail", eventId });
  }

  /** A motion (null: every motion of the event) changed. */
  motions(eventId: string, motionId: string | null): void {
    this.#publish({ kind: "motions", eventId, motionId });
  }

  /** A list of speakers of the event changed. */
  speakers(eventId: string): void {
    this.#publish({ kind: "speakers", eventId });
  }

  /** A screen of the event was added, renamed or removed, or shows something else. */
  projectors(eventId: string): void {
    this.#publish({ kind: "projectors", eventId });
  }

  #publish(change: Change): void {
    this.#pubsub.broadcast({ topic: BUS, event: change.kind, payload: change });
  }

  #refreshPrefix(prefix: string): void {
    for (const topic of this.#views.topics()) if (topic.startsWith(prefix)) this.#views.refresh(topic);
  }

  /** Views are invalidated locally here: every node gets the change through the bus. */
  #apply(change: Change): void {
    switch (change.kind) {
      case "event":
        this.#views.refresh(Topics.event(change.eventId));
        this.#views.refresh(Topics.admin(change.eventId));
        // A screen showing an announcement shows its correction, or nothing once it is withdrawn.
        this.#views.refresh(Topics.projectors(change.eventId));
        break;
      case "participants":
        this.#views.refresh(Topics.event(change.eventId));
        this.#views.refresh(Topics.admin(change.eventId));
        this.#notify.touch(change.eventId);
        break;
      case "participant":
        this.#views.refresh(Topics.participant(change.eventId, change.participantId));
        break;
      case "mail":
        this.#views.refresh(Topics.admin(change.eventId));
        break;
      case "proxies":
        this.#refreshPrefix(Topics.participant(change.eventId, ""));
        break;
      case "motions":
        this.#views.refresh(Topics.motions(change.eventId));
        if (change.motionId === null) this.#refreshPrefix(Topics.motion(change.eventId, ""));
        else this.#views.refresh(Topics.motion(change.eventId, change.motionId));
        this.#notifyMotions.touch(change.eventId);
        // A motion's list of speakers is titled by the motion's number and title.
        this.#views.refresh(Topics.speakers(change.eventId));
        break;
      case "speakers":
        this.#views.refresh(Topics.speakers(change.eventId));
        this.#speakersNotice.touch(change.eventId);
        break;
      case "projectors":
        this.#views.refresh(Topics.projectors(change.eventId));
        break;
    }
  }
}
