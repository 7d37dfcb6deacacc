import type { MajorityRule, PollOption } from "../../src/domain/poll.ts";
import type { TalliedPoll } from "../../src/domain/tally.ts";

export const yesNo: readonly PollOption[] = [
  { id: "yes", label: "Yes" },
  { id: "no", label: "No" },
];

/** A yes/no motion with 100 eligible of weight 1 each, abstentions not counted, no quorum, unless `extra` says otherwise. */
export function motion(majority: MajorityRule, extra: Partial<TalliedPoll> = {}): TalliedPoll {
  return {
    kind: "yes_no_abstain",
    options: yesNo,
    majority,
    abstentionsCount: false,
    quorum: null,
    eligibleCount: 100,
    eligibleWeight: 100,
    ...extra,
  };
}
