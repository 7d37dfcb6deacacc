import type { SparseHistogram } from "../lib/histogram.ts";
import type { Choices } from "./accounting.ts";

/** One imported participant a load process plays: the secret of their link, and their index (choice, home node). */
export interface Member {
  readonly index: number;
  readonly token: string;
  readonly participantId: string;
}

export type ParticipantsCommand =
  /** Opens each member's link at `offsetsMs[i]` after the command: sign-in, socket, event and own topic. */
  | {
      readonly kind: "open";
      readonly eventId: string;
      readonly nodes: readonly string[];
      readonly members: readonly Member[];
      readonly offsetsMs: readonly number[];
      readonly addresses: readonly string[];
    }
  /** The nodes the load balancer sends to from now on. */
  | { readonly kind: "upstreams"; readonly nodes: readonly string[] }
  /** Every member votes once on `pollId`, spread evenly over `windowMs`, trying again until `deadlineMs`. */
  | { readonly kind: "vote"; readonly pollId: string; readonly windowMs: number; readonly deadlineMs: number }
  | { readonly kind: "status"; readonly since: number };

export interface OpenOutcome {
  readonly opened: number;
  readonly failed: number;
  /** Of the failed: own topic joined after all, later than 60 s after the link was opened (by the time the vote began). */
  readonly joinedLate: number;
  readonly errors: readonly string[];
  /** Link opened → own topic's snapshot (late joins included). */
  readonly readyMs: SparseHistogram;
}

export interface VoteOutcome {
  readonly acknowledged: Choices;
  /** Sent (at least once), never acknowledged before the deadline. */
  readonly unanswered: Choices;
  /** Refused by the app (an error code, not a lost answer). */
  readonly refused: number;
  readonly errors: readonly string[];
  /** Tries that got no answer, by why (socket timeout, channel not joined, HTTP status…). */
  readonly silences: Record<string, number>;
  /** First tap → acknowledgement, retries included. */
  readonly ackMs: SparseHistogram;
  /** Acknowledgements per epoch second. */
  readonly acksPerSecond: Record<string, number>;
  readonly overSocket: number;
  readonly overHttp: number;
  readonly lastAckAt: number;
}

export interface ParticipantsStatus {
  readonly members: number;
  /** Own topic joined right now: able to vote over the socket. */
  readonly ready: number;
  /** Since `since`: epoch ms the socket went down, opened again, and had its own topic joined again. */
  readonly comebacks: readonly (readonly [number, number, number])[];
  /** Went down since `since` and not back yet. */
  readonly stillDown: number;
  /** Connection attempts that failed while down (all of the run), and the first errors. */
  readonly failedAttempts: number;
  readonly reconnectErrors: readonly string[];
  readonly cpuSeconds: number;
}

export type ViewersCommand =
  | {
      readonly kind: "start";
      readonly eventId: string;
      readonly nodes: readonly string[];
      readonly adminToken: string;
      readonly chairs: number;
      readonly projectors: number;
      readonly dashboards: number;
      readonly addresses: readonly string[];
    }
  | { readonly kind: "upstreams"; readonly nodes: readonly string[] }
  /** Per second of the run: what the chairs received. */
  | { readonly kind: "chairs" }
  /** When each projector first showed `pollId` published with its result (epoch ms, null: not yet). */
  | { readonly kind: "published"; readonly pollId: string }
  /** The lowest turnout of `pollId` any chair or projector shows now. */
  | { readonly kind: "turnout"; readonly pollId: string }
  /** Per dashboard, the first dataset received after `since` (epoch ms, null: none yet). */
  | { readonly kind: "datasets"; readonly since: number };

/** One second, over the chairs: mean messages and bytes, and the most patches any chair got per view. */
export interface ChairSecond {
  /** Epoch seconds. */
  readonly t: number;
  readonly messages: number;
  readonly bytes: number;
  readonly eventPatchesMax: number;
  readonly adminPatchesMax: number;
}

export interface PatchGaps {
  readonly min: number;
  readonly p1: number;
  readonly p50: number;
  readonly count: number;
}

export interface ChairsReport {
  readonly seconds: readonly ChairSecond[];
  /** Per view (event, admin): ms between two patches of it on one chair, over all chairs and the whole run. */
  readonly gapsMs: Readonly<Record<string, PatchGaps>>;
}
