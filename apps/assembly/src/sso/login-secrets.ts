import { createHmac } from "node:crypto";
import { generateToken, hashToken } from "../auth/token.ts";

/** What the provider round trip checks; never stored, re-derived at the callback. */
export interface LoginChecks {
  readonly state: string;
  /** PKCE (RFC 7636): only its S256 challenge goes to the provider. */
  readonly codeVerifier: string;
  /** Bound into the ID token by the provider. */
  readonly nonce: string;
}

const derive = (browserSecret: string, purpose: string, state: string): string =>
  createHmac("sha256", browserSecret).update(`${purpose}\0${state}`).digest("base64url");

/**
 * The PKCE verifier and the nonce of a login, from the secret in the
 * beginning browser's HttpOnly cookie and the state. The database keeps only
 * hashes; the verifier never travels through the front channel and exists
 * only where both the cookie and the state meet again, at the callback.
 */
export function loginChecks(state: string, browserSecret: string): LoginChecks {
  return { state, codeVerifier: derive(browserSecret, "pkce", state), nonce: derive(browserSecret, "nonce", state) };
}

/** A new login: a random state and browser secret (256 bits each), with the hashes the store keeps. */
export function newLogin(): { state: string; browserSecret: string; stateHash: string; browserHash: string } {
  const state = generateToken();
  const browserSecret = generateToken();
  return { state, browserSecret, stateHash: hashToken(state), browserHash: hashToken(browserSecret) };
}
