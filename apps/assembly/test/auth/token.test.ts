import { describe, expect, it } from "vitest";
import { generateToken, hashToken, TOKEN_PATTERN } from "../../src/auth/token.ts";

describe("tokens", () => {
  it("are 32 random bytes in base64url and hash to a stable SHA-256", () => {
    const token = generateToken();
    expect(token).toMatch(TOKEN_PATTERN);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(generateToken()).not.toBe(token);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});
