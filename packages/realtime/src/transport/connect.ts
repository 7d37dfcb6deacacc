import type { IncomingMessage } from "node:http";
import { serializerFor } from "../protocol/index.ts";
import type { Serializer } from "../protocol/serializer.ts";
import { loggable, type BoundedLog } from "./bounded-log.ts";

/** What `connect` learns about a connection besides its params. */
export interface ConnectInfo {
  readonly transport: "websocket" | "longpoll";
  readonly remoteAddress: string | undefined;
  readonly headers: IncomingMessage["headers"];
  /** The official client's `authToken` option (subprotocol or X-Phoenix-AuthToken header). */
  readonly authToken: string | undefined;
}

export type ConnectParams = Record<string, string>;

/** Query string → connect params, without the protocol's own `vsn` and long-poll `token`. */
export function connectParams(url: URL): ConnectParams {
  const params: ConnectParams = {};
  for (const [key, value] of url.searchParams) {
    if (key !== "vsn" && key !== "token") params[key] = value;
  }
  return params;
}

/** The serializer the request's `vsn` asks for; a refusal (no match) is logged at a bounded rate. */
export function requestSerializer(url: URL, transport: ConnectInfo["transport"], refusals: BoundedLog): Serializer | undefined {
  const vsn = url.searchParams.get("vsn");
  const serializer = serializerFor(vsn);
  if (!serializer) {
    refusals.warn("vsn", { transport, vsn: loggable(vsn ?? "") }, "socket refused: its vsn matches no serializer (~> 2.0.0, ~> 1.0.0)");
  }
  return serializer;
}

const AUTH_TOKEN_PREFIX = "base64url.bearer.phx.";

/**
 * What `connect` learns from a request. The official client sends its auth
 * token as the WebSocket subprotocol `base64url.bearer.phx.<base64>`, and as
 * the `X-Phoenix-AuthToken` header on long-poll.
 */
export function connectInfo(transport: ConnectInfo["transport"], request: IncomingMessage): ConnectInfo {
  const header = request.headers["x-phoenix-authtoken"];
  return {
    transport,
    remoteAddress: request.socket.remoteAddress,
    headers: request.headers,
    authToken:
      transport === "websocket"
        ? authTokenFromProtocols(request.headers["sec-websocket-protocol"])
        : Array.isArray(header)
          ? header[0]
          : header,
  };
}

function authTokenFromProtocols(header: string | undefined): string | undefined {
  const protocol = header
    ?.split(",")
    .map((p) => p.trim())
    .find((p) => p.startsWith(AUTH_TOKEN_PREFIX));
  return protocol ? Buffer.from(protocol.slice(AUTH_TOKEN_PREFIX.length), "base64").toString("utf8") : undefined;
}
