import { DomainError } from "./errors.ts";
import type { Participant } from "./participant.ts";
import type { Poll } from "./poll.ts";

/**
 * A poll's electorate is frozen when it opens: its eligible count and weight
 * are snapshotted (`Poll.eligibleCount`, `eligibleWeight`) and measure
 * quorum, absolute majorities and turnout. While any poll of the event is
 * open, what would change those figures is refused (`electorate_frozen`)
 * rather than applied to later polls only: the participant's weight and
 * eligibility are then the same for the open poll as on the participant
 * row, so every ballot (which carries the principal's weight at cast time)
 * is cast with the frozen weight and nobody outside the frozen electorate
 * can vote. The chair closes the poll, then makes the change.
 *
 * Delegations are not part of the electorate: a proxy moves who casts a
 * principal's one ballot, never its weight nor the number of ballots, so
 * proxies may change while a poll is open.
 */
export type ElectorateShare = Pick<Participant, "weight" | "eligible">;

/** Whether going from `before` (undefined for a new participant) to `after` changes an electorate's count or weight. */
export function changesElectorate(before: ElectorateShare | undefined, after: ElectorateShare): boolean {
  const wasIn = before?.eligible ?? false;
  if (wasIn !== after.eligible) return true;
  return after.eligible && before !== undefined && before.weight !== after.weight;
}

/** The refusal of an electorate change while `openPolls` (at least one) are open. */
export function electorateFrozen(openPolls: readonly Pick<Poll, "id" | "title">[]): DomainError {
  const titles = openPolls.map((poll) => JSON.stringify(poll.title)).join(", ");
  return new DomainError(
    "electorate_frozen",
    `voting rights and weights are frozen while a poll is open (${titles}): close it first, then change them or add participants with a vote`,
    { polls: openPolls.map(({ id, title }) => ({ id, title })) },
  );
}
