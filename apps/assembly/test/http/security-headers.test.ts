import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { securityHeaders } from "../../src/http/security-headers.ts";
import { Harness, OWNER } from "./harness.ts";

/** What `@fastify/helmet` 13.2 set with these options, read from e501975: computing them once changed none. */
const SET_BEFORE = {
  "Content-Security-Policy":
    "default-src 'self';script-src 'self';style-src 'self';img-src 'self';font-src 'self';connect-src 'self';object-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Origin-Agent-Cluster": "?1",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-DNS-Prefetch-Control": "off",
  "X-Download-Options": "noopen",
  "X-Frame-Options": "DENY",
  "X-Permitted-Cross-Domain-Policies": "none",
  "X-XSS-Protection": "0",
};

/** The headers every answer carries (the browser test checks the built UI runs under them). */
describe.each([
  ["https", "https://vote.example.org"],
  ["http", "http://127.0.0.1:3000"],
])("security headers with a public URL on %s", (scheme, publicBaseUrl) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ publicBaseUrl });
  });
  afterAll(async () => {
    await h.close();
  });

  it("are exactly the headers set before they were computed once, on every answer", async () => {
    const https = scheme === "https";
    const expected: Record<string, string> = https
      ? {
          ...SET_BEFORE,
          "Content-Security-Policy": `${SET_BEFORE["Content-Security-Policy"]};upgrade-insecure-requests`,
          "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
        }
      : SET_BEFORE;
    const lowerCase = Object.fromEntries(Object.entries(expected).map(([name, value]) => [name.toLowerCase(), value]));
    expect(Object.fromEntries(await securityHeaders({ https }))).toEqual(lowerCase);
    for (const reply of [await h.call("GET", "/api/admin/me"), await h.call("GET", "/api/nothing-here")]) {
      for (const [name, value] of Object.entries(expected)) expect(reply.headers[name.toLowerCase()]).toBe(value);
    }
  });

  it("are on answers, errors and unknown routes alike", async () => {
    const replies = [
      await h.call("POST", "/api/admin/login", { body: OWNER }),
      await h.call("GET", "/api/admin/me"),
      await h.call("GET", "/api/nothing-here"),
      await h.call("POST", "/api/admin/login", { body: "x", contentType: "text/plain" }),
    ];
    for (const reply of replies) {
      const csp = String(reply.headers["content-security-policy"]);
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ]) {
        expect(csp).toContain(directive);
      }
      expect(csp.includes("upgrade-insecure-requests")).toBe(scheme === "https");
      expect(csp).not.toContain("unsafe-");
      expect(reply.headers).toMatchObject({
        "referrer-policy": "no-referrer",
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-resource-policy": "same-origin",
        "cache-control": "no-store",
      });
      if (scheme === "https") expect(reply.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
      else expect(reply.headers["strict-transport-security"]).toBeUndefined();
    }
  });
});
