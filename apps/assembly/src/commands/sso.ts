import type { z } from "zod";
import type { EventSsoSettings, SsoStatus } from "../api/routes/sso.ts";
import { eventParams, noInput } from "../api/schemas/common.ts";
import { eventSsoInput, ssoCallbackInput } from "../api/schemas/sso.ts";
import { generateToken, hashToken } from "../auth/token.ts";
import { DomainError } from "../domain/errors.ts";
import type { Participant } from "../domain/participant.ts";
import { type Claims, onlyMatch, type RollKey, rollKeyOf } from "../domain/sso.ts";
import { type LoginChecks, loginChecks, newLogin } from "../sso/login-secrets.ts";
import type { StoreOperations } from "../store/store.ts";
import { adminIn, auditedUpdate } from "./audit.ts";
import type { Command, EventCommand, EventQuery, Query } from "./command.ts";
import { unwatched } from "./effect.ts";
import type { Anyone } from "./mail.ts";

/*
 * Single sign-on: a member signs in at the party's OpenID Connect provider
 * and is found on the event's roll by a verified e-mail address or their
 * member number. What they get is what an invitation link gives: a link
 * token of their own (added to their links, which keep working) as the
 * participant cookie, so revoking their links ends it like any other session.
 */

/** Who signed in, as the provider confirmed it. */
export interface VerifiedIdentity {
  /** The provider's stable id of the member (`sub`). */
  readonly subject: string;
  readonly claims: Claims;
}

/** The deployment's provider, as the commands need it (`sso/relying-party.ts`). */
export interface IdentityProvider {
  readonly name: string;
  readonly memberClaim: string;
  /** Where the browser goes to sign in; `sso_unavailable` when the provider cannot be reached. */
  authorizationUrl(checks: LoginChecks): Promise<URL>;
  /** Checks the provider's answer and redeems its code; `sso_failed` on any check that fails. */
  verify(callbackQuery: string, checks: LoginChecks): Promise<VerifiedIdentity>;
}

/** How long a begun login may take at the provider before its callback is refused. */
export const SSO_LOGIN_TTL_MS = 10 * 60_000;

function requireProvider(provider: IdentityProvider | undefined): IdentityProvider {
  if (provider === undefined) throw new DomainError("sso_not_configured", "this server has no OpenID Connect provider configured");
  return provider;
}

/** Public: the join page asks whether to offer "Sign in with …". `not_found` for an unknown event. */
export const ssoStatus = (provider: IdentityProvider | undefined): Query<Anyone, z.output<typeof eventParams>, SsoStatus> => ({
  name: "ssoStatus",
  input: eventParams,
  async run({ store }, _anyone, { eventId }) {
    const sso = await store.sso.settings(eventId);
    return { configured: provider !== undefined, providerName: provider?.name ?? null, enabled: provider !== undefined && sso.enabled };
  },
});

const settingsOf = (provider: IdentityProvider | undefined, sso: EventSsoSettings["sso"]): EventSsoSettings => ({
  configured: provider !== undefined,
  providerName: provider?.name ?? null,
  memberClaim: provider?.memberClaim ?? null,
  sso,
});

export const eventSso = (provider: IdentityProvider | undefined): EventQuery<Record<string, never>, EventSsoSettings> => ({
  name: "eventSso",
  permission: "participants.view",
  input: noInput,
  run: async ({ store }, access) => settingsOf(provider, await store.sso.settings(access.event.id)),
});

/** A chair turns single sign-on on or off and picks the roll key; it can be prepared before the server is configured. */
export const saveEventSso = (provider: IdentityProvider | undefined): EventCommand<z.output<typeof eventSsoInput>, EventSsoSettings> => ({
  name: "saveEventSso",
  permission: "invitations.manage",
  input: eventSsoInput,
  async run({ store }, access, input) {
    const eventId = access.event.id;
    const sso = await auditedUpdate(
      store,
      adminIn(access),
      "event.sso",
      eventId,
      (tx) => tx.sso.settings(eventId),
      (tx) => tx.sso.saveSettings(eventId, input),
    );
    return { result: settingsOf(provider, sso), effects: unwatched("join pages ask for the status when they load") };
  },
});

/** Refusals after the state was taken carry the event, so the edge can send the browser back to its join page. */
const inEvent = (eventId: string, error: unknown): unknown =>
  error instanceof DomainError ? new DomainError(error.code, error.message, { ...(error.details as object), eventId }) : error;

/**
 * Begins a login: a state and a browser secret, of which the store keeps the
 * hashes for ten minutes, and the provider's authorization URL. The edge
 * keeps the browser secret in an HttpOnly cookie. `sso_disabled` when the
 * event does not accept single sign-on.
 */
export const beginSsoLogin = (
  provider: IdentityProvider | undefined,
): Command<Anyone, z.output<typeof eventParams>, { authorizationUrl: string; browserSecret: string }> => ({
  name: "beginSsoLogin",
  input: eventParams,
  async run({ store }, _anyone, { eventId }) {
    const idp = requireProvider(provider);
    if (!(await store.sso.settings(eventId)).enabled) throw new DomainError("sso_disabled", "this event does not accept single sign-on");
    const login = newLogin();
    const authorizationUrl = await idp.authorizationUrl(loginChecks(login.state, login.browserSecret));
    await store.sso.beginLogin({ stateHash: login.stateHash, eventId, browserHash: login.browserHash }, SSO_LOGIN_TTL_MS);
    return {
      result: { authorizationUrl: authorizationUrl.href, browserSecret: login.browserSecret },
      effects: unwatched("nobody is signed in until the callback"),
    };
  },
});

async function rollMatches(tx: StoreOperations, eventId: string, key: RollKey): Promise<Participant[]> {
  if (key.match === "memberNumber") return tx.participants.findByMemberNumber(eventId, key.memberNumber);
  const found = await tx.participants.findByEmail(eventId, key.email);
  return found ? [found] : [];
}

/**
 * Completes a login at the provider's redirect: the state must name a login
 * begun in this browser within ten minutes and not yet completed (it is used
 * up now, whatever follows); the event must still accept single sign-on;
 * the provider's answer must pass every check (`IdentityProvider.verify`);
 * its claims must name exactly one participant on the roll of that event
 * whose links were not revoked. Then the participant gets a new link token,
 * audited as a sign-in through the provider. Nothing is written on refusal.
 */
export const completeSsoLogin = (
  provider: IdentityProvider | undefined,
): Command<Anyone, z.output<typeof ssoCallbackInput>, { token: string; eventId: string; participantId: string }> => ({
  name: "completeSsoLogin",
  input: ssoCallbackInput,
  async run({ store }, _anyone, { query, state, browserSecret }) {
    const idp = requireProvider(provider);
    const expired = () => new DomainError("sso_state_invalid", "no login in flight has this state (expired, used, or begun elsewhere)");
    if (state === undefined || browserSecret === undefined) throw expired();
    const pending = await store.sso.consumeLogin(hashToken(state));
    if (pending === undefined || pending.browserHash !== hashToken(browserSecret)) throw expired();
    const { eventId } = pending;
    try {
      const sso = await store.sso.settings(eventId);
      if (!sso.enabled) throw new DomainError("sso_disabled", "this event does not accept single sign-on");
      const identity = await idp.verify(query, loginChecks(state, browserSecret));
      const key = rollKeyOf(identity.claims, sso.match, idp.memberClaim);
      const token = generateToken();
      const participant = await store.transaction(async (tx) => {
        const found = onlyMatch(await rollMatches(tx, eventId, key));
        if ((await tx.invitations.access(found.id)) === "revoked") {
          throw new DomainError("sso_revoked", "this participant's links were revoked");
        }
        await tx.invitations.issueMany([{ participantId: found.id, tokenHash: hashToken(token) }], { keepEarlier: true });
        await tx.invitations.recordUse(hashToken(token));
        await tx.audit.append({
          eventId,
          actor: `participant:${found.id}`,
          action: "participant.sso_sign_in",
          subject: found.id,
          after: { via: "oidc", provider: idp.name, providerSubject: identity.subject, match: sso.match },
        });
        return found;
      });
      return {
        result: { token, eventId, participantId: participant.id },
        effects: unwatched("signing in; the socket connects afterwards"),
      };
    } catch (error) {
      throw inEvent(eventId, error);
    }
  },
});
