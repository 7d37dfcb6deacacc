import {
  pollerTree,
  singletonChannel,
  type Channel,
  type ChannelHandler,
  type Singletons,
  type TreeFactory,
  type ViewerAdmission,
} from "@plenum/realtime";
import type { Store } from "../store/store.ts";
import { parseTopic } from "../api/topics.ts";

export interface DashboardOptions {
  /** Pause between two queries of one dataset. Default 5 s: fresh enough for a wall display, one query per dataset per interval for the whole cluster. */
  readonly intervalMs?: number;
  /** Attendance-over-time bucket. Default 60 s. */
  readonly bucketSeconds?: number;
}

/** The one event of a dashboard: payload `{ name, data }`, the latest result of dataset `name`. */
const DATASET_EVENT = "dataset";

/** The four datasets of an event's live dashboard, each a SQL query. */
function datasets(store: Store, eventId: string, bucketSeconds: number): Record<string, () => Promise<unknown>> {
  return {
    attendance: () => store.reports.attendanceOverTime(eventId, bucketSeconds),
    presentBy: async () => {
      const [group, region] = await Promise.all([store.reports.presentBy(eventId, "group"), store.reports.presentBy(eventId, "region")]);
      return { group, region };
    },
    ballots: async () => {
      const turnout = await store.reports.openPollTurnout(eventId);
      const perMinute = await Promise.all(
        turnout.map(async (t) => ({ pollId: t.pollId, minutes: await store.reports.ballotsPerMinute(t.pollId) })),
      );
      return { turnout, perMinute };
    },
    activity: () => store.reports.topActivity(eventId),
  };
}

/**
 * The tree behind `dashboard:<eventId>`: one
 * supervisor, one polling worker per dataset, each publishing `dataset`
 * `{name, data}` only when its result changed. `Singletons` runs it on one
 * node of the cluster at a time.
 */
export function dashboardTree(store: Store, options: DashboardOptions = {}): TreeFactory {
  const bucketSeconds = options.bucketSeconds ?? 60;
  return pollerTree({
    event: DATASET_EVENT,
    intervalMs: options.intervalMs ?? 5000,
    jitterMs: 250,
    supervisor: { maxRestarts: 3, windowMs: 30_000 },
    datasets: (key) => {
      const parsed = parseTopic(key);
      if (parsed?.kind !== "dashboard") throw new Error(`not a dashboard topic: ${key}`);
      return datasets(store, parsed.eventId, bucketSeconds);
    },
  });
}

/**
 * The `dashboard:*` channel. `authorize` decides who may watch; the engine
 * does the rest: a viewer's presence starts the event's tree somewhere in
 * the cluster (and its absence stops it), viewers get `dataset` pushes from
 * the current lease holder only, and a joiner gets the latest of every
 * dataset at once.
 */
export function dashboardChannel(
  dashboards: Singletons,
  authorize: (topic: string, channel: Channel) => Promise<ViewerAdmission>,
): ChannelHandler {
  return singletonChannel({
    singletons: dashboards,
    events: [DATASET_EVENT],
    authorize: (topic, _payload, channel) => authorize(topic, channel),
  });
}
