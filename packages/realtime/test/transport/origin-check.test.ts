import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Endpoint } from "../../src/index.ts";
import { httpRequest, startEndpoint, upgradeStatus, type Running } from "../helpers.ts";

/**
 * The Origin check at the transports, with raw requests as a browser on
 * another site would send them: refused before `connect` runs, counted and
 * logged without secrets; requests without Origin (non-browser clients)
 * pass.
 */
const APP = "https://assembly.example.org";
const SECRET = "s3cret-token-value";
let connects = 0;
let running: Running;

beforeAll(async () => {
  running = await startEndpoint(
    {
      checkOrigin: [APP, "//*.partner.example"],
      connect: () => {
        connects++;
        return {};
      },
    },
    (endpoint) => endpoint.channel("room:*", { join: () => ({ ok: {} }) }),
  );
});

afterAll(() => running.close());

function upgrade(headers: Record<string, string>): Promise<number> {
  return upgradeStatus(running.port, `/socket/websocket?vsn=2.0.0&token=${SECRET}`, headers);
}

async function refusedCount(transport: string): Promise<number> {
  const metric = await running.endpoint.metrics.registry.getSingleMetric("plenum_origin_refused_total")?.get();
  return metric?.values.find((v) => v.labels["transport"] === transport)?.value ?? 0;
}

describe("WebSocket upgrade", () => {
  it("upgrades pages of allowed origins and clients without Origin", async () => {
    expect(await upgrade({ origin: APP })).toBe(101);
    expect(await upgrade({ origin: "http://shop.partner.example:8080" })).toBe(101);
    expect(await upgrade({})).toBe(101);
  });

  it("answers 403 to another origin before connect runs, and counts it", async () => {
    const before = { connects, refused: await refusedCount("websocket") };
    for (const origin of ["http://assembly.example.org", "https://assembly.example.org:8443", "https://evil.example", "null"]) {
      expect(await upgrade({ origin, cookie: `session=${SECRET}` }), origin).toBe(403);
    }
    expect(connects).toBe(before.connects);
    expect(await refusedCount("websocket")).toBe(before.refused + 4);
  });
});

describe("long-poll", () => {
  it("opens sessions for allowed origins and clients without Origin", async () => {
    for (const headers of [{ origin: APP }, {}] as Record<string, string>[]) {
      const answer = await httpRequest(running.port, "/socket/longpoll?vsn=2.0.0", { headers });
      expect(answer.json).toMatchObject({ status: 410, token: expect.any(String) });
    }
  });

  it("answers HTTP 403 to another origin on every method, before connect, with no CORS headers", async () => {
    const before = { connects, refused: await refusedCount("longpoll") };
    const opened = await httpRequest(running.port, "/socket/longpoll?vsn=2.0.0", { headers: { origin: APP } });
    const token = opened.json.token as string;
    const attempts = [
      { method: "GET", path: "/socket/longpoll?vsn=2.0.0" },
      { method: "GET", path: `/socket/longpoll?vsn=2.0.0&token=${encodeURIComponent(token)}` },
      {
        method: "POST",
        path: `/socket/longpoll?vsn=2.0.0&token=${encodeURIComponent(token)}`,
        body: '[null,"1","phoenix","heartbeat",{}]',
      },
      { method: "OPTIONS", path: "/socket/longpoll?vsn=2.0.0" },
    ];
    for (const { method, path, body } of attempts) {
      const answer = await httpRequest(running.port, path, {
        method,
        headers: { origin: "https://evil.example", cookie: `session=${SECRET}`, "content-type": "application/x-ndjson" },
        ...(body ? { body } : {}),
      });
      expect(answer.status, method).toBe(403);
      expect(answer.json).toEqual({ status: 403 });
      expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
    }
    expect(connects).toBe(before.connects + 1);
    expect(await refusedCount("longpoll")).toBe(before.refused + 4);
  });
});

describe("refusal log", () => {
  it("writes one line per interval, naming the origin and never the URL's token or the cookie", async () => {
    const lines: string[] = [];
    const fresh = await startEndpoint({ logger: pino({ level: "warn" }, { write: (line: string) => void lines.push(line) }) }, () => {});
    try {
      for (let i = 0; i < 5; i++) {
        const answer = await httpRequest(fresh.port, `/socket/longpoll?vsn=2.0.0&token=${SECRET}`, {
          headers: { origin: `https://evil-${i}.example`, cookie: `session=${SECRET}` },
        });
        expect(answer.status).toBe(403);
      }
      expect(lines.map((line) => JSON.parse(line))).toEqual([
        expect.objectContaining({ level: 40, transport: "longpoll", origin: "https://evil-0.example", suppressed: 0 }),
      ]);
      expect(lines.join("\n")).not.toContain(SECRET);
      expect(await fresh.endpoint.metrics.text()).toMatch(/^plenum_origin_refused_total\{transport="longpoll"\} 5$/m);
    } finally {
      await fresh.close();
    }
  });
});

describe("the default", () => {
  it("is same-origin: the page's origin must be the one the request names (Host), port included", async () => {
    const defaults = await startEndpoint({}, (endpoint) => endpoint.channel("room:*", { join: () => ({ ok: {} }) }));
    try {
      const own = `http://127.0.0.1:${defaults.port}`;
      const answer = (origin: string) =>
        httpRequest(defaults.port, "/socket/longpoll?vsn=2.0.0", { headers: { origin } }).then((a) => a.status);
      expect(await answer(own)).toBe(200);
      expect(await answer(`http://127.0.0.1:${defaults.port + 1}`)).toBe(403);
      expect(await answer(`https://127.0.0.1:${defaults.port}`)).toBe(403);
    } finally {
      await defaults.close();
    }
  });

  it("refuses a bad checkOrigin when the endpoint is made, stating the rule", () => {
    expect(() => new Endpoint({ checkOrigin: ["assembly.example.org"] })).toThrow(
      /checkOrigin takes "same-origin", false, a function \(origin\) => boolean, or a list/,
    );
  });
});
