import { LiveView, type LiveViewState } from "@plenum/realtime/client";
import type { Channel } from "phoenix";
import { useEffect, useState } from "preact/hooks";
import { Connection, type ConnectionStatus } from "./connection.ts";

/** A started connection for the lifetime of the calling component (closed on unmount). */
export function useConnection(as: "admin" | "participant", enabled = true): Connection | null {
  const [connection, setConnection] = useState<Connection | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const created = new Connection(as).start();
    setConnection(created);
    return () => {
      created.close();
      setConnection(null);
    };
  }, [as, enabled]);
  return connection;
}

export function useConnectionStatus(connection: Connection | null): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>(connection?.status ?? "connecting");
  useEffect(() => {
    if (!connection) return;
    setStatus(connection.status);
    return connection.subscribe(setStatus);
  }, [connection]);
  return status;
}

export interface LiveState<M> {
  model: M | null;
  state: LiveViewState;
  refusal: string | null;
  /** The live view itself (for its channel's pushes and events); null until joined. */
  view: LiveView<M, Channel> | null;
}

/** Mirrors the view model of `topic` while mounted; `topic` null means not (yet) known. */
export function useLiveView<M>(connection: Connection | null, topic: string | null): LiveState<M> {
  const [live, setLive] = useState<LiveState<M>>({ model: null, state: "joining", refusal: null, view: null });
  useEffect(() => {
    if (!connection || topic === null) return;
    const view = new LiveView<M, Channel>(connection.socket.channel(topic, {}));
    const update = () => setLive({ model: view.model, state: view.state, refusal: view.refusal, view });
    const unsubscribe = view.subscribe(update);
    view.start();
    update();
    return () => {
      unsubscribe();
      view.close();
    };
  }, [connection, topic]);
  return live;
}

/** Runs `handler` for each `event` pushed on the live view's channel while mounted. */
export function useChannelEvent(view: LiveView<unknown, Channel> | null, event: string, handler: (payload: unknown) => void): void {
  useEffect(() => {
    if (!view) return;
    const ref = view.channel.on(event, handler);
    return () => view.channel.off(event, ref);
  }, [view, event, handler]);
}
