import { LongPoll, Socket, type Channel as ClientChannel, type Push } from "phoenix";
import { WebSocket } from "ws";

export type Vsn = "2.0.0" | "1.0.0";

/** The official client, configured for tests: fast reconnects, the chosen serializer, ws or long-poll. */
export function clientSocket(
  url: string,
  options: { vsn?: Vsn; longPoll?: boolean; params?: Record<string, unknown>; heartbeatIntervalMs?: number } = {},
): Socket {
  const vsn = options.vsn ?? "2.0.0";
  const socket = new Socket(url, {
    transport: options.longPoll ? LongPoll : (WebSocket as unknown as typeof globalThis.WebSocket),
    params: options.params ?? {},
    reconnectAfterMs: () => 50,
    rejoinAfterMs: () => 50,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 30_000,
    timeout: 5000,
    ...(vsn === "1.0.0"
      ? {
          vsn,
          // The client ships only the v2 serializer; v1 is plain JSON objects.
          encode: (message: unknown, callback: (encoded: string) => void) => callback(JSON.stringify(message)),
          decode: (raw: string, callback: (decoded: unknown) => void) => callback(JSON.parse(raw)),
        }
      : {}),
  });
  socket.connect();
  return socket;
}

export interface Received {
  status: "ok" | "error" | "timeout";
  response: unknown;
}

export function reply(push: Push): Promise<Received> {
  return new Promise((resolve) => {
    push
      .receive("ok", (response: unknown) => resolve({ status: "ok", response }))
      .receive("error", (response: unknown) => resolve({ status: "error", response }))
      .receive("timeout", () => resolve({ status: "timeout", response: undefined }));
  });
}

export function join(channel: ClientChannel): Promise<Received> {
  return reply(channel.join());
}
