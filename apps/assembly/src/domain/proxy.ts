import type { EventSettings } from "./event.ts";
import { DomainError } from "./errors.ts";
import type { Participant } from "./participant.ts";

/** An active delegation: `delegateId` votes on behalf of `principalId` in every poll of the event until revoked. */
export interface Proxy {
  readonly eventId: string;
  readonly principalId: string;
  readonly delegateId: string;
  readonly createdAt: string;
}

/** The event's active delegations, keyed by principal (a principal has at most one). */
export type ProxyMap = ReadonlyMap<string, string>;

function rejected(message: string, details?: unknown): DomainError {
  return new DomainError("proxy_rejected", message, details);
}

/**
 * Checks that `principal` may delegate to `delegate` given the event's
 * current delegations. Rules: proxies enabled (cap > 0); both in the event;
 * principal eligible; no self-delegation; the principal has no active
 * delegation yet; the delegate stays within the cap of direct principals;
 * without `allowProxyChains` neither a delegate who delegated nor a principal
 * who holds proxies; with chains, no cycle.
 */
export function checkDelegation(settings: EventSettings, principal: Participant, delegate: Participant, proxies: ProxyMap): void {
  if (settings.proxyCapPerDelegate === 0) throw new DomainError("proxies_disabled", "proxy voting is disabled for this event");
  if (principal.eventId !== delegate.eventId) throw new DomainError("not_found", "delegate is not in this event");
  if (principal.id === delegate.id)
    throw new DomainError("invalid", "a participant cannot delegate to themselves", { field: "delegateId" });
  if (!principal.eligible) throw new DomainError("not_eligible", "a participant without a vote cannot delegate it");
  if (proxies.has(principal.id))
    throw new DomainError("already_delegated", "this participant already delegated their vote; revoke it first");
  let held = 0;
  for (const to of proxies.values()) if (to === delegate.id) held += 1;
  if (held >= settings.proxyCapPerDelegate) {
    throw new DomainError("proxy_cap_reached", `the delegate already holds ${held} proxies (cap ${settings.proxyCapPerDelegate})`, {
      cap: settings.proxyCapPerDelegate,
    });
  }
  if (!settings.allowProxyChains) {
    if (proxies.has(delegate.id)) throw rejected("the delegate has delegated their own vote and chains are not allowed");
    if ([...proxies.values()].includes(principal.id)) {
      throw rejected("the principal holds proxies and chains are not allowed");
    }
    return;
  }
  for (let at: string | undefined = delegate.id; at !== undefined; at = proxies.get(at)) {
    if (at === principal.id) throw rejected("this delegation would create a cycle");
  }
}

/**
 * Who casts the principal's ballot: the end of the delegation chain starting
 * at the principal (the principal themselves when they did not delegate).
 * Cycles cannot be stored (see `checkDelegation`); a corrupted map still
 * terminates because each participant is visited once.
 */
export function resolveVoter(principalId: string, proxies: ProxyMap): string {
  const seen = new Set<string>([principalId]);
  let at = principalId;
  for (let next = proxies.get(at); next !== undefined && !seen.has(next); next = proxies.get(at)) {
    seen.add(next);
    at = next;
  }
  return at;
}

/** Principals whose ballot `voterId` casts, themselves first when they have not delegated. */
export function principalsOf(voterId: string, proxies: ProxyMap): string[] {
  const result = proxies.has(voterId) ? [] : [voterId];
  for (const principalId of proxies.keys()) {
    if (principalId !== voterId && resolveVoter(principalId, proxies) === voterId) result.push(principalId);
  }
  return result;
}
