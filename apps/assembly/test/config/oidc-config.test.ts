import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { describeOidc, oidcSettingsOf } from "../../src/sso/oidc-settings.ts";
import { refusal } from "./refusal.ts";

const secret = "very-secret-client-secret";
const complete = { OIDC_ISSUER: "https://login.example.org/realms/members", OIDC_CLIENT_ID: "plenum", OIDC_CLIENT_SECRET: secret };

describe("OpenID Connect configuration", () => {
  it("has no single sign-on without OIDC_ISSUER", () => {
    expect(oidcSettingsOf(loadConfig({}))).toBeUndefined();
  });

  it("reads issuer, client and the defaults: scopes openid email, claim member_number, the issuer's host as name", () => {
    const settings = oidcSettingsOf(loadConfig(complete))!;
    expect(settings).toEqual({
      issuer: new URL(complete.OIDC_ISSUER),
      clientId: "plenum",
      clientSecret: secret,
      providerName: "login.example.org",
      scopes: "openid email",
      memberClaim: "member_number",
    });
    expect(describeOidc(settings)).toBe("https://login.example.org/realms/members (client plenum)");
    expect(describeOidc(settings)).not.toContain(secret);
    const named = oidcSettingsOf(
      loadConfig({
        ...complete,
        OIDC_PROVIDER_NAME: " Mitgliederportal ",
        OIDC_SCOPES: "openid profile member",
        OIDC_MEMBER_CLAIM: "mitgliedsnummer",
      }),
    )!;
    expect(named).toMatchObject({ providerName: "Mitgliederportal", scopes: "openid profile member", memberClaim: "mitgliedsnummer" });
    expect(oidcSettingsOf(loadConfig({ ...complete, OIDC_ISSUER: "http://127.0.0.1:8080" }))?.issuer.href).toBe("http://127.0.0.1:8080/");
  });

  it("refuses bad values naming the variable, and never repeats the secret", () => {
    for (const [env, problem] of [
      [{ OIDC_ISSUER: complete.OIDC_ISSUER }, /OIDC_CLIENT_ID: is required when OIDC_ISSUER is set\n {2}OIDC_CLIENT_SECRET: is required/],
      [{ OIDC_CLIENT_SECRET: secret }, /OIDC_ISSUER: is required when OIDC_CLIENT_SECRET is set/],
      [{ ...complete, OIDC_ISSUER: "http://login.example.org" }, /OIDC_ISSUER: must be an https:\/\/ URL/],
      [{ ...complete, OIDC_ISSUER: "login.example.org" }, /OIDC_ISSUER: must be a URL/],
      [{ ...complete, OIDC_ISSUER: `https://u:${secret}@login.example.org` }, /OIDC_ISSUER: must not contain credentials/],
      [{ ...complete, OIDC_ISSUER: "https://login.example.org/?realm=x" }, /OIDC_ISSUER: must have no query/],
      [{ ...complete, OIDC_CLIENT_ID: "with space" }, /OIDC_CLIENT_ID: 1 to 255 printable/],
      [{ ...complete, OIDC_CLIENT_SECRET: "" }, /OIDC_CLIENT_SECRET: must not be empty/],
      [{ ...complete, OIDC_SCOPES: "email profile" }, /OIDC_SCOPES: must include openid/],
      [{ ...complete, OIDC_MEMBER_CLAIM: "member number" }, /OIDC_MEMBER_CLAIM: a claim name/],
    ] as const) {
      const message = refusal(env);
      expect(message).toMatch(problem);
      expect(message).not.toContain(secret);
    }
  });
});
