import type { Serializer } from "../protocol/serializer.ts";
import type { Connection, Socket } from "../socket/socket.ts";
import type { ConnectInfo, ConnectParams } from "./connect.ts";

/** A connection that passed `connect`, ready to become a socket. */
export interface Accepted {
  open(connection: Connection, serializer: Serializer): Socket;
}

/** The endpoint as transports see it: authenticate, then open sockets. */
export interface Acceptor {
  /** Runs the application's `connect`; undefined means refused (HTTP 403). */
  accept(params: ConnectParams, info: ConnectInfo): Promise<Accepted | undefined>;
}
