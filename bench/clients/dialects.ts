import { deliveryStamp, type Dialect, type Incoming } from "./dialect.ts";
import type { PeerName } from "./messages.ts";

/** The join_ref of the one channel each client joins, and the ref of its join push. */
const CHANNEL_JOIN_REF = "1";
const JOIN_PUSH_REF = "0";
/** How every frame addressed to the channel (replies) starts, up to the ref. */
const CHANNEL_PREFIX = `["${CHANNEL_JOIN_REF}","`;

/** Plenum: Phoenix v2 frames `[join_ref, ref, topic, event, payload]`. */
const plenum: Dialect = {
  url: (port) => `ws://127.0.0.1:${port}/socket/websocket?vsn=2.0.0`,
  opening: (topic) => [JSON.stringify([CHANNEL_JOIN_REF, JOIN_PUSH_REF, topic, "phx_join", {}])],
  read(text) {
    // Broadcasts are `[null,null,…]`; replies to this client's channel start with its join ref.
    if (text.startsWith("[null,null,")) return { kind: "delivery", t: deliveryStamp(text) };
    if (!text.startsWith(CHANNEL_PREFIX)) return { kind: "other" }; // heartbeat replies
    const ref = text.slice(CHANNEL_PREFIX.length, text.indexOf('"', CHANNEL_PREFIX.length));
    if (ref !== JOIN_PUSH_REF) return { kind: "reply", ref: Number(ref) };
    if (!text.includes('"status":"ok"')) throw new Error(`join refused: ${text}`);
    return { kind: "joined" };
  },
  request: (topic, ref) => `["${CHANNEL_JOIN_REF}","${ref}",${JSON.stringify(topic)},"ping",{}]`,
  // The official client's heartbeat; the server closes sockets silent for 60 s.
  keepalive: { frame: JSON.stringify([null, "hb", "phoenix", "heartbeat", {}]), everyMs: 30_000 },
};

/** Socket.IO 4 over a raw WebSocket: Engine.IO packets carrying Socket.IO packets. */
const socketio: Dialect = {
  url: (port) => `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`,
  opening: () => [],
  read(text, topic, send) {
    if (text === "2") {
      send("3"); // Engine.IO ping → pong, or the server drops us after pingTimeout.
      return { kind: "other" };
    }
    if (text.startsWith("42")) return { kind: "delivery", t: deliveryStamp(text) };
    if (text.startsWith("43")) {
      const ref = Number(text.slice(2, text.indexOf("[")));
      return ref === 0 ? { kind: "joined" } : { kind: "reply", ref };
    }
    if (text.startsWith("40")) send(`420${JSON.stringify(["join", topic])}`);
    else if (text.startsWith("0"))
      send("40"); // Engine.IO open → connect to the main namespace.
    else if (text.startsWith("44")) throw new Error(`namespace connect refused: ${text}`);
    return { kind: "other" };
  },
  request: (_topic, ref) => `42${ref}["ping",{}]`,
};

/** The bare `ws` loop: `["join", topic]`, `["ping", ref, p]`, deliveries `["msg", p]`. */
const ws: Dialect = {
  url: (port) => `ws://127.0.0.1:${port}/ws`,
  opening: (topic) => [JSON.stringify(["join", topic])],
  read(text): Incoming {
    if (text.startsWith('["msg"')) return { kind: "delivery", t: deliveryStamp(text) };
    if (text.startsWith('["pong",')) return { kind: "reply", ref: Number(text.slice(8, text.indexOf(",", 8))) };
    if (text.startsWith('["joined"')) return { kind: "joined" };
    return { kind: "other" };
  },
  request: (_topic, ref) => `["ping",${ref},{}]`,
};

export const dialects: Record<PeerName, Dialect> = { plenum, socketio, ws };
