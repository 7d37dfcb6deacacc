import { afterEach, describe, expect, it } from "vitest";
import { generateToken } from "../../src/auth/token.ts";
import type { TrustProxy } from "../../src/config.ts";
import { Assembly } from "../live/fixture.ts";

/**
 * Behind a reverse proxy every request arrives from the proxy's address. The
 * token-exchange limit (30 unknown tokens a minute per client) must then key
 * on the client the trusted proxy names in X-Forwarded-For, or one guesser
 * locks a whole venue out. A real server on 127.0.0.1 stands in for the
 * app, this test for the proxy.
 */
let assembly: Assembly | undefined;
afterEach(async () => {
  await assembly?.close();
  assembly = undefined;
});

async function started(trustProxy: TrustProxy): Promise<{ a: Assembly; token: string }> {
  const a = await Assembly.start({ trustProxy });
  assembly = a;
  await a.loginOwner();
  const { tokens } = await a.event(1);
  return { a, token: tokens.get("P0")! };
}

async function exchange(a: Assembly, token: string, forwardedFor: string): Promise<number> {
  const response = await fetch(`${a.server.url}/api/participant/session`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
    body: JSON.stringify({ token }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function guessThirtyTimes(a: Assembly, forwardedFor: (attempt: number) => string): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) expect(await exchange(a, generateToken(), forwardedFor(attempt))).toBe(401);
}

describe("rate limits behind a trusted proxy", () => {
  it.each<[string, TrustProxy]>([
    ["its address", ["127.0.0.1"]],
    ["its range", ["127.0.0.0/8"]],
    ["a hop count", 1],
  ])("key on the forwarded client when the proxy is trusted by %s", async (_how, trustProxy) => {
    const { a, token } = await started(trustProxy);
    await guessThirtyTimes(a, () => "203.0.113.7");
    expect(await exchange(a, generateToken(), "203.0.113.7")).toBe(429);
    // The participant next to the guesser, behind the same proxy, still signs in.
    expect(await exchange(a, token, "198.51.100.20")).toBe(200);
    // A client cannot escape its own limit by prepending addresses: the proxy appends the real one last.
    expect(await exchange(a, generateToken(), "192.0.2.1, 203.0.113.7")).toBe(429);
  });

  it("ignore X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    const { a, token } = await started(["10.0.0.1"]);
    await guessThirtyTimes(a, (attempt) => `203.0.113.${attempt + 1}`);
    // Every guess came from 127.0.0.1 whatever the header claimed, so that address is now over its budget.
    expect(await exchange(a, token, "198.51.100.20")).toBe(429);
  });
});
