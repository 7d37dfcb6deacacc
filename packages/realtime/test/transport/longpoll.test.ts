import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRequest, startEndpoint, type Running } from "../helpers.ts";

/**
 * Long-poll at the HTTP level, as Phoenix 1.7 answers the same requests:
 * sessions and their tokens, CORS under the origin check, bodies too large.
 */
const PARTNER = "https://partner.example";
const MAX_FRAME = 1024;
/** The transport's POST limit: a batch of frames. */
const POST_LIMIT = MAX_FRAME * 8;
let connects = 0;
let running: Running;

beforeAll(async () => {
  running = await startEndpoint(
    {
      checkOrigin: [PARTNER],
      maxFrameBytes: MAX_FRAME,
      longPoll: { pollTimeoutMs: 200 },
      connect: (params) => {
        connects++;
        return params["deny"] ? false : {};
      },
    },
    (endpoint) => endpoint.channel("room:*", { join: () => ({ ok: {} }), handleIn: (_event, payload) => ({ ok: payload }) }),
  );
});

afterAll(() => running.close());

const path = (query: string) => `/socket/longpoll?${query}`;

async function openSession(query = "vsn=2.0.0"): Promise<string> {
  const answer = await httpRequest(running.port, path(query));
  expect(answer.json).toEqual({ status: 410, token: expect.any(String), messages: [] });
  return answer.json.token as string;
}

function post(token: string, body: string | Buffer, headers: Record<string, string | number> = {}) {
  return httpRequest(running.port, path(`vsn=2.0.0&token=${encodeURIComponent(token)}`), {
    method: "POST",
    headers: { "content-type": "application/x-ndjson", ...headers },
    body,
  });
}

function poll(token: string) {
  return httpRequest(running.port, path(`vsn=2.0.0&token=${encodeURIComponent(token)}`));
}

describe("sessions", () => {
  it("answers 410 with a token and no messages for a new session, then 204 with the token when nothing came", async () => {
    const token = await openSession();
    const idle = await poll(token);
    expect(idle.status).toBe(200);
    expect(idle.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(idle.json).toEqual({ status: 204, token, messages: [] });
  });

  it("opens a fresh session, connect included, for a GET whose token is unknown, as Phoenix does", async () => {
    const before = connects;
    const stale = await httpRequest(running.port, path("vsn=2.0.0&token=from-before-a-restart"));
    expect(stale.json).toEqual({ status: 410, token: expect.any(String), messages: [] });
    expect(stale.json.token).not.toBe("from-before-a-restart");
    expect(connects).toBe(before + 1);
    // The fresh token is a working session.
    expect((await post(stale.json.token, '["1","1","room:fresh","phx_join",{}]')).json).toEqual({ status: 200 });
    const delivered = await poll(stale.json.token);
    expect(delivered.json).toEqual({
      status: 200,
      token: stale.json.token,
      messages: ['["1","1","room:fresh","phx_reply",{"status":"ok","response":{}}]'],
    });
  });

  it("counts a binary broadcast it cannot deliver, and delivers the text ones around it", async () => {
    const token = await openSession();
    await post(token, '["1","1","room:bin","phx_join",{}]');
    expect((await poll(token)).json.messages).toHaveLength(1);
    running.endpoint.broadcast("room:bin", "bytes", new Uint8Array([1, 2, 3]));
    running.endpoint.broadcast("room:bin", "text", { n: 1 });
    expect((await poll(token)).json.messages).toEqual(['[null,null,"room:bin","text",{"n":1}]']);
    expect(await running.endpoint.metrics.text()).toMatch(/^plenum_dropped_total\{reason="longpoll_binary"\} 1$/m);
  });

  it("opens a fresh session for a token from before a restart on the same port", async () => {
    const room = { join: () => ({ ok: {} }) };
    const before = await startEndpoint({}, (endpoint) => endpoint.channel("room:*", room));
    const port = before.port;
    const opened = await httpRequest(port, path("vsn=2.0.0"));
    await before.close();
    const after = await startEndpoint({}, (endpoint) => endpoint.channel("room:*", room), port);
    try {
      const answer = await httpRequest(port, path(`vsn=2.0.0&token=${encodeURIComponent(opened.json.token)}`));
      expect(answer.json).toEqual({ status: 410, token: expect.any(String), messages: [] });
      expect(answer.json.token).not.toBe(opened.json.token);
    } finally {
      await after.close();
    }
  });

  it("answers a POST to an unknown session with 410 and no token, as Phoenix does", async () => {
    const answer = await post("no-such-session", '[null,"1","phoenix","heartbeat",{}]');
    expect(answer.status).toBe(200);
    expect(answer.json).toStrictEqual({ status: 410 });
  });

  it("answers 403 in the body when connect refuses, for a stale token too", async () => {
    expect((await httpRequest(running.port, path("vsn=2.0.0&deny=1"))).json).toStrictEqual({ status: 403 });
    expect((await httpRequest(running.port, path("vsn=2.0.0&deny=1&token=stale"))).json).toStrictEqual({ status: 403 });
  });

  it("refuses a vsn outside ~> 2.0.0 / ~> 1.0.0 with 403 in the body, and takes a missing one as 1.0.0", async () => {
    for (const vsn of ["vsn=3.0.0", "vsn=2.1.0", "vsn=2.0"]) {
      expect((await httpRequest(running.port, path(vsn))).json, vsn).toStrictEqual({ status: 403 });
    }
    const token = await openSession("");
    await post(token, JSON.stringify({ topic: "room:v1", event: "phx_join", payload: {}, ref: "1" }), {
      "content-type": "application/json",
    });
    expect((await poll(token)).json.messages).toEqual([
      JSON.stringify({ topic: "room:v1", event: "phx_reply", payload: { status: "ok", response: {} }, ref: "1" }),
    ]);
  });

  it("reads a body that is not ndjson as one frame, line breaks and all", async () => {
    const token = await openSession();
    const pretty = JSON.stringify(["1", "7", "room:pretty", "phx_join", { multi: "line" }], null, 2);
    expect((await post(token, pretty, { "content-type": "application/json" })).json).toEqual({ status: 200 });
    expect((await poll(token)).json.messages).toEqual(['["1","7","room:pretty","phx_reply",{"status":"ok","response":{}}]']);
  });

  it("answers 405 to other methods", async () => {
    const answer = await httpRequest(running.port, path("vsn=2.0.0"), { method: "PUT", body: "x" });
    expect(answer.status).toBe(405);
    expect(answer.headers["allow"]).toBe("GET, POST, OPTIONS");
  });
});

describe("CORS", () => {
  it("answers a preflight from an allowed origin with that origin, credentials, the asked headers and an hour's cache", async () => {
    const answer = await httpRequest(running.port, path("vsn=2.0.0"), {
      method: "OPTIONS",
      headers: {
        origin: PARTNER,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, x-phoenix-authtoken",
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({
      "access-control-allow-origin": PARTNER,
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": "content-type, x-phoenix-authtoken",
      "access-control-max-age": "3600",
      vary: "Origin",
    });
    expect(answer.text).toBe("");
  });

  it("echoes an allowed origin on polls and posts, never *", async () => {
    const opened = await httpRequest(running.port, path("vsn=2.0.0"), { headers: { origin: PARTNER } });
    expect(opened.headers["access-control-allow-origin"]).toBe(PARTNER);
    const token = opened.json.token as string;
    const posted = await post(token, '[null,"1","phoenix","heartbeat",{}]', { origin: PARTNER });
    expect(posted.headers["access-control-allow-origin"]).toBe(PARTNER);
    expect(posted.headers["access-control-allow-credentials"]).toBe("true");
  });

  it("sends no CORS headers to clients without Origin", async () => {
    const answer = await httpRequest(running.port, path("vsn=2.0.0"));
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("answers * without credentials when the check is off, as Phoenix always does", async () => {
    const open = await startEndpoint({ checkOrigin: false }, () => {});
    try {
      const answer = await httpRequest(open.port, path("vsn=2.0.0"), { headers: { origin: "https://anyone.example" } });
      expect(answer.json).toMatchObject({ status: 410 });
      expect(answer.headers["access-control-allow-origin"]).toBe("*");
      expect(answer.headers["access-control-allow-credentials"]).toBeUndefined();
    } finally {
      await open.close();
    }
  });
});

/** A POST streamed in chunks, with or without a declared length; resolves once the request is over, with the answer and any error. */
function streamPost(
  token: string,
  total: number,
  declareLength: boolean,
): Promise<{ status?: number; body?: string; error?: string; written: number }> {
  return new Promise((resolve) => {
    let written = 0;
    let answer: { status: number; body: string } | undefined;
    const req = request({
      host: "127.0.0.1",
      port: running.port,
      method: "POST",
      path: path(`vsn=2.0.0&token=${encodeURIComponent(token)}`),
      headers: { "content-type": "application/x-ndjson", ...(declareLength ? { "content-length": total } : {}) },
      agent: false,
    });
    let error: string | undefined;
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => void (answer = { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", (failure: NodeJS.ErrnoException) => void (error ??= failure.code ?? failure.message));
    req.on("close", () => resolve({ ...answer, ...(error ? { error } : {}), written }));
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = (): void => {
      while (written < total) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - written));
        written += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

describe("a POST over the limit", () => {
  it.each([
    ["a declared Content-Length", true],
    ["a chunked body", false],
  ])("answers 413 that the client receives, with %s", async (_name, declared) => {
    const token = await openSession();
    const result = await streamPost(token, 4 * 1024 * 1024, declared);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body!)).toEqual({ status: 413 });
    // The session is unharmed and takes the next batch.
    expect((await post(token, '[null,"2","phoenix","heartbeat",{}]')).json).toEqual({ status: 200 });
  });

  it("takes a body right at the limit", async () => {
    const token = await openSession();
    const frame = '[null,"1","phoenix","heartbeat",{}]';
    const body = `${frame}\n`.repeat(Math.floor(POST_LIMIT / (frame.length + 1)));
    expect(body.length).toBeLessThanOrEqual(POST_LIMIT);
    expect((await post(token, body)).json).toEqual({ status: 200 });
  });

  it("cuts off a client that keeps sending far past the limit", async () => {
    const token = await openSession();
    const total = 256 * 1024 * 1024;
    const result = await streamPost(token, total, true);
    expect(result.error).toMatch(/EPIPE|ECONNRESET/);
    expect(result.written).toBeLessThan(total);
  });
});
