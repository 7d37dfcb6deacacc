/**
 * The part of the official `phoenix` client a live view uses, as structural
 * types: a `Channel` from `socket.channel(topic)` fits them as it is, and so
 * would any client speaking the same protocol. No import of the client
 * itself, so this package does not pin its version.
 */
export interface PushPort {
  receive(status: "ok" | "error" | "timeout", callback: (response: unknown) => void): PushPort;
}

export interface ChannelPort {
  on(event: string, callback: (payload: unknown) => void): number;
  off(event: string, ref?: number): void;
  join(): PushPort;
  push(event: string, payload: object): PushPort;
  leave(): PushPort;
}
