import type { AdminUser } from "../domain/admin.ts";
import { isDomainError } from "../domain/errors.ts";
import type { Store } from "../store/store.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { generateToken, hashToken, TOKEN_PATTERN } from "./token.ts";

/** A signed-in admin with the bearer token that identifies the session. */
export interface AdminSignIn {
  readonly admin: AdminUser;
  readonly token: string;
  readonly expiresAt: Date;
}

/**
 * Admin password sign-in and session tokens, persisted through the store so
 * every app node accepts a session and restarts keep chairs signed in.
 *
 * Guarantees: only SHA-256 hashes of session tokens are stored; a wrong
 * password and an unknown email take the same scrypt work (no user
 * enumeration by timing); sessions expire after `ttlMs` (checked by the store).
 */
export class AdminSessions {
  readonly #store: Store;
  readonly #ttlMs: number;
  readonly #now: () => number;
  // Compared against when the email is unknown, so both paths cost one scrypt.
  #decoyHash: Promise<string> | undefined;

  constructor(store: Store, options: { ttlMs: number; now?: () => number }) {
    this.#store = store;
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  async signIn(email: string, password: string): Promise<AdminSignIn | undefined> {
    const admin = await this.#store.admins.findByEmail(email.trim().toLowerCase());
    this.#decoyHash ??= hashPassword(generateToken());
    const valid = await verifyPassword(password, admin?.passwordHash ?? (await this.#decoyHash));
    if (!admin || !valid) return undefined;
    const token = generateToken();
    const expiresAt = new Date(this.#now() + this.#ttlMs);
    await this.#store.sessions.create(hashToken(token), admin.id, expiresAt);
    return { admin, token, expiresAt };
  }

  /** The admin behind an unexpired session token, or undefined. */
  async authenticate(token: string | undefined): Promise<AdminUser | undefined> {
    if (token === undefined || !TOKEN_PATTERN.test(token)) return undefined;
    const session = await this.#store.sessions.find(hashToken(token));
    if (!session) return undefined;
    try {
      return await this.#store.admins.get(session.adminId);
    } catch (error) {
      if (isDomainError(error, "not_found")) return undefined;
      throw error;
    }
  }

  /** Ends the session; idempotent, and harmless for unknown tokens. */
  async signOut(token: string | undefined): Promise<void> {
    if (token !== undefined && TOKEN_PATTERN.test(token)) await this.#store.sessions.delete(hashToken(token));
  }
}
