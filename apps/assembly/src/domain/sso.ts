import { DomainError } from "./errors.ts";
import { normalizeEmail, normalizeMemberNumber } from "./participant.ts";

/** How a member signed in at the party's identity provider is found on an event's roll. */
export const ssoMatches = ["email", "memberNumber"] as const;
export type SsoMatch = (typeof ssoMatches)[number];

/** An event's single sign-on: off by default, so no roll is opened to a provider without a chair deciding it. */
export interface EventSso {
  readonly enabled: boolean;
  readonly match: SsoMatch;
}

export const defaultEventSso: EventSso = { enabled: false, match: "email" };

/** What a participant is looked up by: a normalized e-mail address or member number. */
export type RollKey =
  | { readonly match: "email"; readonly email: string }
  | { readonly match: "memberNumber"; readonly memberNumber: string };

/** The claims of the ID token and the UserInfo answer, merged (the provider's word about the member). */
export type Claims = Readonly<Record<string, unknown>>;

const missing = (claim: string, why: string) => new DomainError("sso_claim_missing", `the identity provider sent no ${why}`, { claim });

/**
 * The roll key the provider's claims name. An e-mail address counts only
 * when the provider says it verified it (`email_verified: true`): an
 * unverified address is whatever the member typed, and would let anyone
 * claim anyone's seat. A member number is taken from `memberClaim`, a string
 * or a whole number.
 */
export function rollKeyOf(claims: Claims, match: SsoMatch, memberClaim: string): RollKey {
  if (match === "email") {
    const email = claims["email"];
    if (typeof email !== "string" || email.trim() === "") throw missing("email", "e-mail address");
    if (claims["email_verified"] !== true) throw missing("email_verified", "verified e-mail address (email_verified is not true)");
    try {
      return { match, email: normalizeEmail(email) };
    } catch {
      throw missing("email", "valid e-mail address");
    }
  }
  const value = claims[memberClaim];
  const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : typeof value === "string" ? value : "";
  let memberNumber: string | null;
  try {
    memberNumber = normalizeMemberNumber(text);
  } catch {
    memberNumber = null;
  }
  if (memberNumber === null) throw missing(memberClaim, `member number (claim "${memberClaim}")`);
  return { match, memberNumber };
}

/** The one participant a roll key found: none is `sso_no_match`, several are `sso_ambiguous` (never a guess). */
export function onlyMatch<P extends { readonly id: string }>(found: readonly P[]): P {
  if (found.length === 0) throw new DomainError("sso_no_match", "nobody on this event's roll matches the signed-in member");
  if (found.length > 1) {
    throw new DomainError("sso_ambiguous", "several participants on this event's roll match the signed-in member", {
      matches: found.length,
    });
  }
  return found[0]!;
}

/** Validates a chair's choice; the result is what gets stored. */
export function validateEventSso(input: { readonly enabled: unknown; readonly match: unknown }): EventSso {
  if (typeof input.enabled !== "boolean") throw new DomainError("invalid", "enabled must be a boolean", { field: "enabled" });
  if (!ssoMatches.includes(input.match as SsoMatch)) {
    throw new DomainError("invalid", `match must be one of ${ssoMatches.join(", ")}`, { field: "match" });
  }
  return { enabled: input.enabled, match: input.match as SsoMatch };
}
