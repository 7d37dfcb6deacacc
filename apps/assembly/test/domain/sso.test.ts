import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { onlyMatch, rollKeyOf, validateEventSso } from "../../src/domain/sso.ts";
import { errorCode } from "./error-code.ts";

describe("single sign-on rules", () => {
  it("takes an e-mail address only when the provider verified it", () => {
    expect(rollKeyOf({ email: " Ada@Example.ORG ", email_verified: true }, "email", "member_number")).toEqual({
      match: "email",
      email: "ada@example.org",
    });
    for (const claims of [
      { email: "ada@example.org" },
      { email: "ada@example.org", email_verified: "true" },
      { email_verified: true },
      { email: "no-at", email_verified: true },
    ]) {
      expect(errorCode(() => rollKeyOf(claims, "email", "member_number"))).toBe("sso_claim_missing");
    }
  });

  it("reads the member number from the configured claim, a string or a whole number", () => {
    expect(rollKeyOf({ nr: " 0815 " }, "memberNumber", "nr")).toEqual({ match: "memberNumber", memberNumber: "0815" });
    expect(rollKeyOf({ nr: 4711 }, "memberNumber", "nr")).toEqual({ match: "memberNumber", memberNumber: "4711" });
    for (const value of [undefined, "", "  ", 1.5, true, { id: 1 }, "x".repeat(65)]) {
      expect(errorCode(() => rollKeyOf({ nr: value, email: "a@b.org", email_verified: true }, "memberNumber", "nr"))).toBe(
        "sso_claim_missing",
      );
    }
  });

  it("signs in only exactly one match", () => {
    fc.assert(
      fc.property(fc.array(fc.uuid(), { maxLength: 5 }), (ids) => {
        const found = ids.map((id) => ({ id }));
        if (found.length === 1) expect(onlyMatch(found)).toBe(found[0]);
        else expect(errorCode(() => onlyMatch(found))).toBe(found.length === 0 ? "sso_no_match" : "sso_ambiguous");
      }),
    );
  });

  it("validates a chair's choice", () => {
    expect(validateEventSso({ enabled: true, match: "memberNumber" })).toEqual({ enabled: true, match: "memberNumber" });
    expect(errorCode(() => validateEventSso({ enabled: "yes", match: "email" }))).toBe("invalid");
    expect(errorCode(() => validateEventSso({ enabled: true, match: "name" }))).toBe("invalid");
  });
});
