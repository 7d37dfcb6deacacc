import { createHash, timingSafeEqual } from "node:crypto";

/** Shortest accepted secret: 32 characters, e.g. `openssl rand -hex 32` gives 64. */
export const MIN_TOKEN_LENGTH = 32;

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

/**
 * A shared secret checked against `Authorization: Bearer <token>`. Only its
 * SHA-256 digest is kept; a presented token is hashed too and the digests
 * are compared in constant time, so neither the content nor the length of
 * the secret leaks through timing.
 */
export class BearerToken {
  readonly #digest: Buffer;

  constructor(token: string, what: string) {
    if (typeof token !== "string" || token.length < MIN_TOKEN_LENGTH || token.trim() !== token) {
      throw new TypeError(
        `${what} must be a string of at least ${MIN_TOKEN_LENGTH} characters without surrounding spaces (e.g. openssl rand -hex 32)`,
      );
    }
    this.#digest = digest(token);
  }

  /** Whether `header` (an Authorization header value) carries this token. */
  admits(header: string | undefined): boolean {
    const match = header === undefined ? null : /^Bearer +(\S+)\s*$/i.exec(header);
    if (!match) return false;
    return timingSafeEqual(digest(match[1]!), this.#digest);
  }
}
