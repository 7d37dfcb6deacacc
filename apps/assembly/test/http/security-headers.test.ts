import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, OWNER } from "./harness.ts";

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
