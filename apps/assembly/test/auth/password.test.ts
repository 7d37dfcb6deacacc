import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../src/auth/password.ts";

describe("password hashing", () => {
  it("verifies the right password and refuses others", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts: the same password hashes differently", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("treats malformed or absurd stored hashes as a mismatch", async () => {
    for (const stored of [
      "",
      "plain",
      "scrypt$1$1$1$$",
      "bcrypt$x$y$z$a$b",
      "scrypt$1073741824$8$1$AAAA$AAAA",
      "scrypt$32768$8$1$c2FsdA$short",
    ]) {
      expect(await verifyPassword("x", stored)).toBe(false);
    }
  });
});
