import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Assembly } from "../live/fixture.ts";

/**
 * Connections that stall are cut within the configured bounds, on a real
 * server and a raw socket, instead of holding a connection until Node's own
 * defaults (no request timeout at all under Fastify). Node checks the
 * deadlines on a timer, hence the slack.
 */
const BOUNDS = { requestMs: 1200, headersMs: 600, keepAliveMs: 1000 };
const SLACK_MS = 700;
/** Node holds an idle socket one second past the Keep-Alive timeout it announces, so clients honouring the header close first. */
const NODE_KEEP_ALIVE_BUFFER_MS = 1000;

let a: Assembly;
beforeAll(async () => {
  a = await Assembly.start({ timeouts: BOUNDS });
});
afterAll(async () => {
  await a.close();
});

/** Opens a raw connection, writes `chunks` spaced `gapMs` apart, and resolves with what came back once the server closes it. */
function stall(chunks: readonly string[], gapMs = 0): Promise<{ closedAfterMs: number; received: string }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(a.server.port, "127.0.0.1");
    const started = Date.now();
    let received = "";
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${Date.now() - started} ms`));
    }, 5000);
    socket.setEncoding("utf8");
    socket.on("data", (data: string) => void (received += data));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(giveUp);
      resolve({ closedAfterMs: Date.now() - started, received });
    });
    socket.on("connect", async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

const login = (contentLength: number) =>
  `POST /api/admin/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`;

describe("connection bounds", () => {
  it("answers 408 and closes a body that never completes, within the request timeout", async () => {
    const { closedAfterMs, received } = await stall([login(200), '{"email":"owner@exa']);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(BOUNDS.requestMs + SLACK_MS);
  });

  it("closes headers that never complete within the headers timeout", async () => {
    const { closedAfterMs, received } = await stall(["POST /api/admin/login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "]);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(BOUNDS.headersMs + SLACK_MS);
  });

  it("closes an idle keep-alive connection after the keep-alive timeout", async () => {
    const { closedAfterMs, received } = await stall(["GET /api/admin/me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n"]);
    expect(received).toMatch(/^HTTP\/1\.1 401/);
    expect(received).toContain(`Keep-Alive: timeout=${BOUNDS.keepAliveMs / 1000}`);
    expect(closedAfterMs).toBeGreaterThanOrEqual(BOUNDS.keepAliveMs);
    expect(closedAfterMs).toBeLessThan(BOUNDS.keepAliveMs + NODE_KEEP_ALIVE_BUFFER_MS + SLACK_MS);
  });

  it("still serves a slow body that completes within the bound", async () => {
    const body = JSON.stringify({ email: "owner@example.org", password: "wrong-password" });
    const half = body.length >> 1;
    const { received } = await stall([login(body.length), body.slice(0, half), `${body.slice(half)}`], 300);
    expect(received).toMatch(/^HTTP\/1\.1 401/);
  });
});
