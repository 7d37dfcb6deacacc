import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { wsDeflate } from "../../src/transport/deflate.ts";
import { eventually, RawClient, startEndpoint, type Running } from "../helpers.ts";
import { clientSocket, join } from "../phoenix-client.ts";

/** permessage-deflate as an endpoint option: off by default, negotiated when on, frames intact either way. */
let plain: Running;
let deflating: Running;

beforeAll(async () => {
  const setup = (endpoint: Running["endpoint"]) => endpoint.channel("room:*", { join: () => ({ ok: {} }) });
  plain = await startEndpoint({}, setup);
  deflating = await startEndpoint({ perMessageDeflate: { threshold: 256 } }, setup);
});

afterAll(async () => {
  await plain.close();
  await deflating.close();
});

const big = { text: "the quick brown fox jumps over the lazy dog ".repeat(100) };

async function joined(server: Running): Promise<RawClient> {
  const client = await RawClient.connect(server.url);
  client.send(["1", "1", "room:d", "phx_join", {}]);
  await client.waitFor((f) => Array.isArray(f) && f[1] === "1");
  return client;
}

describe("permessage-deflate", () => {
  it("is off by default: a client offering it gets no extension", async () => {
    const client = await joined(plain);
    expect(client.ws.extensions).toBe("");
    client.close();
  });

  it("is negotiated when on, with the window the options set, and small and large frames arrive whole", async () => {
    const agreed = await new Promise<string | undefined>((resolve, reject) => {
      const ws = new WebSocket(`${deflating.url}/websocket?vsn=2.0.0`);
      ws.once("upgrade", (res) => resolve(res.headers["sec-websocket-extensions"]));
      ws.once("open", () => ws.terminate());
      ws.once("error", reject);
    });
    expect(agreed).toMatch(
      /^permessage-deflate; .*server_no_context_takeover.*server_max_window_bits=11|^permessage-deflate; .*server_max_window_bits=11.*server_no_context_takeover/,
    );
    const client = await joined(deflating);
    expect(client.ws.extensions).toBe("permessage-deflate");
    deflating.endpoint.broadcast("room:d", "small", { n: 1 });
    deflating.endpoint.broadcast("room:d", "big", big);
    expect(await client.waitFor((f) => Array.isArray(f) && f[3] === "big")).toEqual([null, null, "room:d", "big", big]);
    expect(client.json().find((f) => Array.isArray(f) && f[3] === "small")).toEqual([null, null, "room:d", "small", { n: 1 }]);
    client.close();
  });

  it("works with the official client", async () => {
    const socket = clientSocket(deflating.url);
    try {
      const channel = socket.channel("room:d", {});
      expect((await join(channel)).status).toBe("ok");
      const got: unknown[] = [];
      channel.on("big", (payload: unknown) => void got.push(payload));
      deflating.endpoint.broadcast("room:d", "big", big);
      await eventually(() => got.length === 1, 5000, "the broadcast");
      expect(got[0]).toEqual(big);
    } finally {
      socket.disconnect();
    }
  });

  it("maps the options to ws with sane limits, and refuses values out of range", () => {
    expect(wsDeflate(undefined)).toBe(false);
    expect(wsDeflate(false)).toBe(false);
    expect(wsDeflate(true)).toEqual({
      threshold: 1024,
      serverNoContextTakeover: true,
      clientNoContextTakeover: true,
      concurrencyLimit: 10,
      serverMaxWindowBits: 11,
      zlibDeflateOptions: { memLevel: 4 },
    });
    expect(() => wsDeflate({ serverMaxWindowBits: 8 })).toThrow(/serverMaxWindowBits must be an integer from 9 to 15/);
    expect(() => wsDeflate({ memLevel: 10 })).toThrow(/memLevel/);
    expect(() => wsDeflate({ concurrencyLimit: 0 })).toThrow(/concurrencyLimit/);
    expect(() => wsDeflate({ threshold: -1 })).toThrow(/threshold/);
    expect(wsDeflate({ contextTakeover: true })).toMatchObject({ serverNoContextTakeover: false, clientNoContextTakeover: false });
  });
});
