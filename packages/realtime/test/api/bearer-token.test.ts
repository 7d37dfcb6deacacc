import { describe, expect, it } from "vitest";
import { BearerToken } from "../../src/api/bearer-token.ts";

const SECRET = "s3cret-s3cret-s3cret-s3cret-s3cret-0123";

describe("BearerToken", () => {
  it("admits exactly the token, as a Bearer credential", () => {
    const token = new BearerToken(SECRET, "token");
    expect(token.admits(`Bearer ${SECRET}`)).toBe(true);
    expect(token.admits(`bearer ${SECRET}`)).toBe(true);
    expect(token.admits(`Bearer ${SECRET}x`)).toBe(false);
    expect(token.admits(`Bearer ${SECRET.slice(0, -1)}`)).toBe(false);
    expect(token.admits(SECRET)).toBe(false);
    expect(token.admits(`Basic ${SECRET}`)).toBe(false);
    expect(token.admits("Bearer ")).toBe(false);
    expect(token.admits(undefined)).toBe(false);
  });

  it("refuses a short or padded secret, naming the setting", () => {
    expect(() => new BearerToken("short", "serverApi.token")).toThrow(/serverApi.token must be a string of at least 32 characters/);
    expect(() => new BearerToken(` ${SECRET}`, "serverApi.token")).toThrow(/serverApi.token/);
  });
});
