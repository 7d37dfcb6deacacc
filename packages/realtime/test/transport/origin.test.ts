import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { OriginPolicy, type CheckOrigin } from "../../src/transport/origin.ts";

/** What the policy reads of a request: the Host header and whether the connection is TLS. */
function request(host: string | undefined, tls = false): IncomingMessage {
  return { headers: host === undefined ? {} : { host }, socket: { encrypted: tls } } as unknown as IncomingMessage;
}

const plain = request("app.example.com");

describe("an allowed-origins list", () => {
  const policy = new OriginPolicy(["https://example.com", "//other.org", "//ports.net:8443", "https://*.wild.io", "http://127.0.0.1:4000"]);

  it.each([
    ["https://example.com", true],
    ["https://example.com:443", true],
    ["https://EXAMPLE.com", true],
    ["http://example.com", false],
    ["https://example.com:8443", false],
    ["https://www.example.com", false],
    ["https://example.com.evil.net", false],
    ["http://other.org", true],
    ["https://other.org:9999", true],
    ["https://sub.other.org", false],
    ["http://ports.net:8443", true],
    ["https://ports.net", false],
    ["https://wild.io", true],
    ["https://a.b.wild.io", true],
    ["https://evilwild.io", false],
    ["http://a.wild.io", false],
    ["http://127.0.0.1:4000", true],
    ["http://127.0.0.1:4001", false],
    ["http://localhost:4000", false],
    ["null", false],
    ["not a url", false],
    ["https://example.com/path", false],
    ["https://user@example.com", false],
  ])("%s → %s", (origin, allowed) => {
    expect(policy.allows(origin, plain)).toBe(allowed);
  });

  it("fills in the scheme's default port: http://host is port 80 only", () => {
    const http = new OriginPolicy(["http://example.com"]);
    expect(http.allows("http://example.com:80", plain)).toBe(true);
    expect(http.allows("http://example.com:8080", plain)).toBe(false);
  });

  it("allows no browser at all when empty", () => {
    expect(new OriginPolicy([]).allows("https://example.com", plain)).toBe(false);
  });

  it("matches IPv6 and internationalised hosts", () => {
    const policy = new OriginPolicy(["http://[::1]:3000", "https://bücher.de"]);
    expect(policy.allows("http://[::1]:3000", plain)).toBe(true);
    expect(policy.allows("https://xn--bcher-kva.de", plain)).toBe(true);
  });
});

describe('"same-origin"', () => {
  const policy = new OriginPolicy("same-origin");

  it("is the default", () => {
    expect(new OriginPolicy().allows("http://127.0.0.1:4000", request("127.0.0.1:4001"))).toBe(false);
    expect(new OriginPolicy().allows("http://127.0.0.1:4000", request("127.0.0.1:4000"))).toBe(true);
  });

  it("allows only the scheme, host and port the request names", () => {
    expect(policy.allows("http://127.0.0.1:4000", request("127.0.0.1:4000"))).toBe(true);
    expect(policy.allows("http://127.0.0.1:5000", request("127.0.0.1:4000"))).toBe(false);
    expect(policy.allows("http://localhost:4000", request("127.0.0.1:4000"))).toBe(false);
    expect(policy.allows("http://example.com", request("example.com"))).toBe(true);
    expect(policy.allows("http://example.com", request("example.com:80"))).toBe(true);
    expect(policy.allows("https://example.com", request("example.com"))).toBe(false);
    expect(policy.allows("https://example.com", request("example.com", true))).toBe(true);
  });

  it("refuses a browser whose request has no Host", () => {
    expect(policy.allows("http://example.com", request(undefined))).toBe(false);
  });
});

describe("false", () => {
  it("allows every origin", () => {
    const policy = new OriginPolicy(false);
    expect(policy.checks).toBe(false);
    expect(policy.allows("https://anything.example", plain)).toBe(true);
    expect(policy.allows("null", plain)).toBe(true);
  });
});

describe("a function", () => {
  it("decides by the Origin header alone, as the application rules, and still checks", () => {
    const learned = ["http://127.0.0.1:41234"];
    const policy = new OriginPolicy((origin) => learned.includes(origin));
    expect(policy.checks).toBe(true);
    expect(policy.allows("http://127.0.0.1:41234", plain)).toBe(true);
    expect(policy.allows("http://127.0.0.1:41235", plain)).toBe(false);
    learned.push("http://127.0.0.1:41235");
    expect(policy.allows("http://127.0.0.1:41235", plain)).toBe(true);
  });
});

describe("a bad option", () => {
  it.each([
    ["a bare host", ["example.com"]],
    ["a path", ["https://example.com/app"]],
    ["a query", ["https://example.com?x=1"]],
    ["credentials", ["https://user@example.com"]],
    ["a star for the whole host", ["//*"]],
    ["a star inside the host", ["https://ex*ample.com"]],
    ["port 0", ["https://example.com:0"]],
    ["a port over 65535", ["https://example.com:70000"]],
    ["an empty string", [""]],
    ["a number", [42]],
    ["true", true],
    ["another word", "same-site"],
  ])("is refused with the rule: %s", (_name, option) => {
    expect(() => new OriginPolicy(option as unknown as CheckOrigin)).toThrow(
      /checkOrigin takes "same-origin", false, a function \(origin\) => boolean, or a list of origins written "scheme:\/\/host\[:port\]"/,
    );
  });

  it("names the entry it refused", () => {
    expect(() => new OriginPolicy(["https://ok.example", "example.com"])).toThrow(/got "example\.com"/);
  });
});
