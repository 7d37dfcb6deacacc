import type { Ramp } from "./accounting.ts";

export interface Sizes extends Ramp {
  readonly chairs: number;
  readonly projectors: number;
  readonly dashboards: number;
  readonly participantProcesses: number;
  /** After the ramp, before the first poll. */
  readonly settleSeconds: number;
  /** Votes are cast evenly over this window after a poll opens ... */
  readonly voteWindowSeconds: number;
  /** ... and all of them acknowledged within this (participants keep trying until twice it). */
  readonly voteGoalSeconds: number;
  readonly outageSeconds: number;
  /** The run stops here whatever phase it is in. */
  readonly capMinutes: number;
}

export const SIZES: Record<"quick" | "full", Sizes> = {
  quick: {
    participants: 1_000,
    seconds: 30,
    peakCount: 200,
    peakSeconds: 3,
    peakAtSeconds: 12,
    chairs: 5,
    projectors: 2,
    dashboards: 2,
    participantProcesses: 2,
    settleSeconds: 3,
    voteWindowSeconds: 20,
    voteGoalSeconds: 60,
    outageSeconds: 5,
    capMinutes: 10,
  },
  full: {
    participants: 20_000,
    seconds: 300,
    peakCount: 2_000,
    peakSeconds: 10,
    peakAtSeconds: 120,
    chairs: 20,
    projectors: 5,
    dashboards: 5,
    participantProcesses: 4,
    settleSeconds: 10,
    voteWindowSeconds: 50,
    voteGoalSeconds: 60,
    outageSeconds: 10,
    capMinutes: 35,
  },
};
