import { createHash, randomBytes } from "node:crypto";

/** A fresh bearer secret: 32 random bytes, base64url (43 characters). */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * What the database keeps instead of a token: its SHA-256, hex. Tokens carry
 * 256 bits of entropy, so an unsalted fast hash is enough to make a leaked
 * table useless, and it keeps lookup by hash a plain indexed equality.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A token as `generateToken` makes it; anything else is rejected before hashing. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
