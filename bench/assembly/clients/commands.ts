import type { SparseHistogram } from "../../lib/histogram.ts";

/** One participant socket: its credential, the topics it joins, its connect params. */
export interface Member {
  readonly authToken?: string;
  readonly params?: Record<string, string>;
  readonly topics: readonly string[];
}

/** A `vote` push of one member (index into the joined members) on one of its topics. */
export interface Vote {
  readonly member: number;
  readonly topic: string;
  readonly payload: unknown;
}

/** A whole voter session: connect, join `topic`, push `vote`, close. */
export interface Session {
  readonly authToken: string;
  readonly topic: string;
  readonly payload: unknown;
}

/** Starting times are spread evenly over `spreadMs` (0: as fast as `concurrency` allows). */
export interface Pacing {
  readonly spreadMs: number;
  readonly concurrency: number;
  /** Nothing new starts this long after the command began (keeps a slow run bounded). */
  readonly deadlineMs?: number;
}

export type CrowdCommand =
  | ({ readonly kind: "join"; readonly url: string; readonly members: readonly Member[]; readonly addresses: readonly string[] } & Pacing)
  | ({ readonly kind: "vote"; readonly votes: readonly Vote[] } & Pacing)
  | ({
      readonly kind: "sessions";
      readonly url: string;
      readonly sessions: readonly Session[];
      readonly addresses: readonly string[];
    } & Pacing)
  /** Closes every socket this process holds (the members of earlier joins), so the next wave starts empty. */
  | { readonly kind: "close" };

/** Requests answered ok and not, the first few refusals, latency, wall time, the client's own CPU. */
export interface Outcome {
  readonly ok: number;
  readonly failed: number;
  readonly errors: readonly string[];
  /** join: push of phx_join → reply; vote/sessions: push of `vote` → reply. */
  readonly latency: SparseHistogram;
  /** sessions only: connect → vote reply. */
  readonly sessionLatency?: SparseHistogram;
  readonly seconds: number;
  readonly cpuSeconds: number;
  /** Requests started before the deadline (all of them without one). */
  readonly attempted: number;
  /** Accepted ballots by choice ("yes", "no", "abstain"), to check the stored tally against. */
  readonly acceptedChoices?: Record<string, number>;
}

export interface HttpVote {
  readonly token: string;
  readonly pollId: string;
  readonly body: unknown;
}

export type HttpVotersCommand = {
  readonly kind: "vote";
  readonly baseUrl: string;
  readonly votes: readonly HttpVote[];
  readonly addresses: readonly string[];
} & Pacing;

/** Per second of a chairs run, averaged over the chairs. */
export interface ChairSecond {
  readonly t: number;
  readonly messages: number;
  readonly bytes: number;
  /** Bytes the chair fetched over HTTP after notifications (notify-then-fetch). */
  readonly fetchedBytes: number;
}

export type ChairsCommand =
  | {
      readonly kind: "start";
      readonly url: string;
      readonly chairs: number;
      readonly authToken?: string;
      readonly topic: string;
      /** Fetched (GET, bearer `fetchToken`) on every `participants_changed`: the console's page of the list. */
      readonly fetchPath?: string;
      readonly fetchToken?: string;
    }
  | { readonly kind: "stop" };

export interface ChairsReport {
  readonly chairs: number;
  readonly connected: number;
  readonly closedByServer: number;
  readonly series: readonly ChairSecond[];
  readonly totals: { readonly messages: number; readonly bytes: number; readonly fetchedBytes: number; readonly fetches: number };
  readonly cpuSeconds: number;
  readonly seconds: number;
}
