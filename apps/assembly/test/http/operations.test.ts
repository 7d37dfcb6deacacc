import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../../../../packages/realtime/test/helpers.ts";
import type { ServerOptions } from "../../src/server.ts";
import { Assembly, joined } from "../live/fixture.ts";

/** /metrics and the operator status against a real server. */
let assembly: Assembly | undefined;
afterEach(async () => {
  await assembly?.close();
  assembly = undefined;
});

const TOKEN = "metrics-token-0123456789";

/** A server whose log lines are kept, to read what it says at start. */
async function started(options: Partial<ServerOptions>): Promise<{ a: Assembly; log: string[] }> {
  const log: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      log.push(String(chunk));
      done();
    },
  });
  assembly = await Assembly.start({ logger: pino({ level: "warn" }, sink), ...options });
  return { a: assembly, log };
}

async function scrape(a: Assembly, headers: Record<string, string> = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${a.server.url}/metrics`, { headers });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

describe("/metrics", () => {
  it("is off without a token, even for loopback, and the startup log says so", async () => {
    const { a, log } = await started({});
    const refused = await scrape(a);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).error).toMatchObject({ code: "forbidden", message: expect.stringContaining("METRICS_TOKEN") });
    expect(log.join("")).toContain("/metrics is off");
  });

  it("wants the token from everyone once configured, loopback included", async () => {
    const { a, log } = await started({ metricsToken: TOKEN });
    for (const headers of [
      {} as Record<string, string>,
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer ${TOKEN.slice(1)}` },
      { authorization: `Basic ${TOKEN}` },
    ]) {
      const refused = await scrape(a, headers);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(refused.text).not.toContain(TOKEN);
    }
    const read = await scrape(a, { authorization: `Bearer ${TOKEN}` });
    expect(read.status).toBe(200);
    expect(read.text).toContain("plenum_sockets");
    expect(log.join("")).not.toContain("/metrics is off");
  });

  it("is open to loopback peers with METRICS_PUBLIC=loopback, but not to clients a trusted proxy forwards", async () => {
    const { a } = await started({ metricsPublic: "loopback", trustProxy: ["127.0.0.1"] });
    expect((await scrape(a)).status).toBe(200);
    expect((await scrape(a, { "x-forwarded-for": "203.0.113.9" })).status).toBe(403);
  });
});

describe("/api/ops/status", () => {
  it("shows an admin only the dashboards of events where they have a role, and no lease tokens to anyone", async () => {
    const { a } = await started({});
    await a.loginOwner();
    const mine = await a.event(1);
    const theirs = await a.event(1);
    const granted = await a.http("PUT", `/api/events/${theirs.eventId}/roles`, {
      email: "chair.b@example.org",
      role: "chair",
      name: "Chair B",
      password: "chair-b-password",
    });
    expect(granted.status).toBe(200);
    const login = await a.http("POST", "/api/admin/login", { email: "chair.b@example.org", password: "chair-b-password" }, "");
    const chairCookie = login.setCookie!.split(";")[0]!;

    const ownerSocket = a.socket(`admin:${decodeURIComponent(a.adminCookie.split("=")[1]!)}`);
    for (const eventId of [mine.eventId, theirs.eventId]) {
      expect((await joined(ownerSocket.channel(`dashboard:${eventId}`, {}))).status).toBe("ok");
    }
    const keys = async (cookie: string): Promise<string[]> => {
      const status = await a.http("GET", "/api/ops/status", undefined, cookie);
      expect(status.status).toBe(200);
      expect(status.text).not.toMatch(/"token"/);
      return status.json.dashboards.keys.map((info: { key: string }) => info.key).sort();
    };
    const both = [`dashboard:${mine.eventId}`, `dashboard:${theirs.eventId}`].sort();
    await eventually(async () => (await keys(a.adminCookie)).length === 2, 8000, "both dashboards running");
    expect(await keys(a.adminCookie)).toEqual(both);
    expect(await keys(chairCookie)).toEqual([`dashboard:${theirs.eventId}`]);

    const status = (await a.http("GET", "/api/ops/status", undefined, chairCookie)).json;
    expect(status).toMatchObject({ node: expect.any(String), engine: { sockets: expect.any(Number) } });
    expect(status.dashboards.keys[0]).toMatchObject({
      running: true,
      viewers: 1,
      lease: { owner: expect.any(String), expiresAt: expect.any(Number) },
    });
    expect((await a.http("GET", "/api/ops/status", undefined, "")).status).toBe(401);
  });
});
