/**
 * The rehearsal's arithmetic, apart from its processes so it can be tested:
 * when each participant opens their link, which samples belong to which
 * phase, and how acknowledged ballots compare with the stored ones.
 */

export interface Ramp {
  readonly participants: number;
  readonly seconds: number;
  /** `peakCount` of the participants arrive within `peakSeconds`, starting at `peakAtSeconds`. */
  readonly peakCount: number;
  readonly peakSeconds: number;
  readonly peakAtSeconds: number;
}

/**
 * When participant i opens their link, in ms after the ramp began (sorted):
 * the peak's arrivals evenly over the peak window, everyone else evenly over
 * the rest of the ramp, as a hall filling up with one rush at the doors.
 */
export function rampSchedule(ramp: Ramp): number[] {
  const { participants, seconds, peakSeconds, peakAtSeconds } = ramp;
  const peak = Math.min(ramp.peakCount, participants);
  if (peakAtSeconds < 0 || peakAtSeconds + peakSeconds > seconds) throw new RangeError("the peak must lie within the ramp");
  const rest = participants - peak;
  const calmSeconds = seconds - peakSeconds;
  const offsets: number[] = [];
  for (let i = 0; i < peak; i++) offsets.push((peakAtSeconds + (i * peakSeconds) / peak) * 1000);
  for (let i = 0; i < rest; i++) {
    // Spread over the ramp with the peak window cut out.
    const calm = (i * calmSeconds) / rest;
    offsets.push((calm < peakAtSeconds ? calm : calm + peakSeconds) * 1000);
  }
  return offsets.sort((a, b) => a - b);
}

/** The busiest `windowSeconds` of a schedule: how many start within it. */
export function busiestWindow(offsetsMs: readonly number[], windowSeconds: number): number {
  let best = 0;
  let from = 0;
  for (let to = 0; to < offsetsMs.length; to++) {
    while (offsetsMs[to]! - offsetsMs[from]! >= windowSeconds * 1000) from++;
    best = Math.max(best, to - from + 1);
  }
  return best;
}

export interface Phase {
  readonly name: string;
  /** Seconds since the run began. */
  readonly from: number;
  readonly to: number;
}

/** The samples (t in seconds since the run began) that fall within `phase`. */
export function within<T extends { readonly t: number }>(samples: readonly T[], phase: Phase): T[] {
  return samples.filter((sample) => sample.t >= phase.from && sample.t < phase.to);
}

/** Per choice ("yes", "no", "abstain"): how many ballots. */
export type Choices = Readonly<Record<string, number>>;

export interface BallotAccount {
  readonly acknowledged: number;
  readonly stored: number;
  /** Acknowledged but not stored: the one thing a voting system must never do. */
  readonly lost: number;
  /** Stored beyond what was acknowledged or still possibly in flight: a ballot counted twice. */
  readonly duplicated: number;
  /** Sent, never acknowledged (the client gave up), and stored anyway: not lost, not counted twice. */
  readonly unacknowledgedStored: number;
  /** The stored tally equals the acknowledged ballots choice by choice. */
  readonly exact: boolean;
}

/**
 * Compares, choice by choice, what the clients were told was stored with what
 * the database holds. A ballot whose answer never came (its socket died with
 * the node) may or may not be stored, so per choice the stored count must lie
 * in [acknowledged, acknowledged + unanswered]: below is lost, above is
 * duplicated.
 */
export function accountBallots(acknowledged: Choices, unanswered: Choices, stored: Choices): BallotAccount {
  const keys = new Set([...Object.keys(acknowledged), ...Object.keys(unanswered), ...Object.keys(stored)]);
  let lost = 0;
  let duplicated = 0;
  let unacknowledgedStored = 0;
  let exact = true;
  for (const key of keys) {
    const ack = acknowledged[key] ?? 0;
    const open = unanswered[key] ?? 0;
    const have = stored[key] ?? 0;
    lost += Math.max(0, ack - have);
    duplicated += Math.max(0, have - ack - open);
    unacknowledgedStored += Math.max(0, Math.min(have - ack, open));
    if (have !== ack) exact = false;
  }
  const sum = (choices: Choices): number => Object.values(choices).reduce((s, n) => s + n, 0);
  return { acknowledged: sum(acknowledged), stored: sum(stored), lost, duplicated, unacknowledgedStored, exact };
}
