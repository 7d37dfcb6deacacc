import type { EventSettings } from "./event.ts";
import { DomainError } from "./errors.ts";
import type { Participant } from "./participant.ts";
import type { PollStatus } from "./poll.ts";
import { resolveVoter, type ProxyMap } from "./proxy.ts";

export interface BallotRequest {
  readonly pollStatus: PollStatus;
  readonly settings: EventSettings;
  /** Whose vote is cast. */
  readonly principal: Participant;
  /** Who casts it: the principal, or the end of the principal's delegation chain. */
  readonly voter: Participant;
  readonly proxies: ProxyMap;
  /** Whether the voter is checked in right now. */
  readonly voterPresent: boolean;
}

/**
 * Decides whether `voter` may cast `principal`'s ballot now; throws the first
 * refusal: `poll_not_open`, `not_found` (different events), `not_eligible`
 * (principal has no vote), `not_entitled` (the principal delegated away, or the
 * voter is not their delegate), `not_present` (present-only event, voter absent).
 * Whether the principal already voted is the store's job (unique constraint).
 */
export function authorizeBallot(request: BallotRequest): void {
  const { principal, voter } = request;
  if (request.pollStatus !== "open") {
    throw new DomainError("poll_not_open", `the poll is ${request.pollStatus}`, { status: request.pollStatus });
  }
  if (principal.eventId !== voter.eventId) throw new DomainError("not_found", "participant not in this event");
  if (!principal.eligible) throw new DomainError("not_eligible", "this participant has no vote");
  const entitledVoter = resolveVoter(principal.id, request.proxies);
  if (entitledVoter !== voter.id) {
    throw new DomainError(
      "not_entitled",
      voter.id === principal.id ? "your vote is delegated; revoke the proxy before voting" : "you do not hold this participant's proxy",
    );
  }
  if (request.settings.presentOnlyVoting && !request.voterPresent) {
    throw new DomainError("not_present", "only participants who are checked in may vote");
  }
}
