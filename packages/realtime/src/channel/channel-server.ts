import type { Logger } from "pino";
import { Events, RawJson, type Inbound } from "../protocol/message.ts";
import type { Frame, Serializer } from "../protocol/serializer.ts";
import type { PubSubMessage } from "../pubsub/pubsub.ts";
import type { EngineMetrics } from "../metrics/metrics.ts";
import type { Channel, PushOptions, SocketInfo } from "./channel.ts";
import type { ChannelHandler, TerminateReason } from "./handler.ts";
import { EncodedBroadcast, type Hub, type Subscriber } from "./hub.ts";
import type { Retention, StreamPosition } from "../history/history.ts";
import type { PresencePort } from "./presence-port.ts";
import { checkIn, checkInfo, checkJoin, checkOut, isNormalStop, type JoinResult, type StopResult } from "./results.ts";
import { recoverParam } from "../history/recover-param.ts";
import { HISTORY_KEY, withPosition } from "../history/wire.ts";

/** The socket side a channel server talks to. */
export interface ChannelHost {
  readonly info: SocketInfo;
  readonly serializer: Serializer;
  readonly uid: string;
  send(frame: Frame, coalesceKey?: string): void;
  /** The channel ended on its own (crash, refused join); the socket forgets it. */
  released(server: ChannelServer): void;
}

export interface ChannelDeps {
  readonly hub: Hub;
  readonly metrics: EngineMetrics;
  readonly logger: Logger;
  readonly presence: PresencePort | undefined;
  /** Most callbacks waiting in one channel's mailbox before it is ended as overloaded. */
  readonly maxMailbox: number;
}

type State = "joining" | "joined" | "closed";

/**
 * Presence lists are the same object for a whole window (see PresenceView),
 * so every joiner of a big topic in that window shares one serialisation.
 */
const presenceJson = new WeakMap<object, RawJson>();

function presenceStatePayload(state: object): RawJson {
  let raw = presenceJson.get(state);
  if (!raw) presenceJson.set(state, (raw = new RawJson(JSON.stringify(state))));
  return raw;
}

function coalesceKey(topic: string, event: string, key: string | undefined): string | undefined {
  return key === undefined ? undefined : `${topic}\u0000${event}\u0000${key}`;
}

/**
 * The engine side of one channel (Phoenix's Channel.Server): owns the join
 * lifecycle, the mailbox that runs callbacks one at a time, hub membership,
 * presence cleanup and crash isolation. Applications see it as `Channel`.
 */
export class ChannelServer implements Subscriber {
  readonly id: string;
  readonly topic: string;
  /** Null when the client sent none (allowed, as in Phoenix: vsn 1 clients may not know join refs). */
  readonly joinRef: string | null;
  readonly #host: ChannelHost;
  readonly #handler: ChannelHandler;
  readonly #deps: ChannelDeps;
  readonly #channel: Channel;
  readonly #intercepts: ReadonlySet<string>;
  readonly #subscriptions = new Set<() => void>();
  #state: State = "joining";
  #mailbox: Promise<void> = Promise.resolve();
  #pending = 0;
  #presenceStateRequested = false;
  /** Asked for the presence list: only such channels get `presence_diff` (a diff without its state is of no use). */
  #watchesPresence = false;
  /** History topics, while the join reads the store: broadcasts wait here until the reply and the missed messages are out. */
  #held: EncodedBroadcast[] | undefined;
  /**
   * History topics, after the join: the top its reply carried. A broadcast
   * at or below it was replayed (or came before the `since`) and is dropped,
   * however late the bus brings it: in a cluster it can arrive after the
   * store was read. The first one past the top ends the check (from then on
   * `OffsetOrder` delivers in order, never below).
   */
  #replyTop: StreamPosition | undefined;

  /** `id`: unique on this node; names the channel as a presence owner and as the sender of `broadcastFrom`. */
  constructor(host: ChannelHost, topic: string, joinRef: string | null, id: string, handler: ChannelHandler, deps: ChannelDeps) {
    this.#host = host;
    this.topic = topic;
    this.joinRef = joinRef;
    this.id = id;
    this.#handler = handler;
    this.#deps = deps;
    this.#intercepts = new Set(handler.intercept ?? []);
    this.#channel = this.#facade();
  }

  get joined(): boolean {
    return this.#state === "joined";
  }

  /** Runs `join`; replies to the client with the join ref and push ref. */
  join(payload: unknown, ref: string | null): void {
    this.#run(async () => {
      const retention = this.#deps.hub.history?.retention(this.topic);
      const since = retention === undefined ? undefined : recoverParam(payload);
      if (since instanceof Error) {
        this.#reply(ref, "error", { reason: since.message });
        await this.#end("join_refused", false);
        return;
      }
      let result: JoinResult;
      try {
        result = checkJoin(await this.#handler.join(this.topic, payload, this.#channel));
      } catch (error) {
        this.#deps.logger.error({ err: error, topic: this.topic }, "channel join crashed");
        this.#deps.metrics.channelErrors.inc();
        this.#reply(ref, "error", { reason: "join crashed" });
        await this.#end("error", false);
        return;
      }
      if ("error" in result) {
        this.#reply(ref, "error", result.error);
        await this.#end("join_refused", false);
        return;
      }
      // Subscribed, and the bus confirmed it, before the reply: no broadcast
      // sent after the client learns it joined can be missed, from any node.
      if (retention !== undefined) this.#held = [];
      const subscribed = this.#deps.hub.add(this.topic, this);
      this.#state = "joined";
      this.#deps.metrics.channels.inc();
      // Taken in the tick the channel starts receiving diffs: state + later diffs is exact
      // (the client holds diffs that arrive before the state and applies them after it).
      const presenceState = this.#presenceStateRequested ? this.#presenceList() : undefined;
      await subscribed;
      if (this.#state !== "joined") return;
      if (retention === undefined) this.#reply(ref, "ok", result.ok);
      else await this.#joinHistory(ref, result.ok, retention, since);
      if (presenceState) this.#channel.push("presence_state", presenceState);
    });
  }

  /**
   * Reads the stream after subscribing, so nothing falls between: the reply
   * carries the top it read, the missed messages follow it, then what
   * arrived meanwhile or arrives later, minus what the top already covers
   * (no gap, no duplicate across the join).
   */
  async #joinHistory(ref: string | null, ok: object, retention: Retention, since: StreamPosition | undefined): Promise<void> {
    const { reply, entries } = await this.#deps.hub.history!.join(this.topic, retention, since);
    const held = this.#held ?? [];
    this.#held = undefined;
    if (this.#state !== "joined") return;
    this.#reply(ref, "ok", { ...ok, [HISTORY_KEY]: reply });
    for (const { offset, event, payload } of entries) {
      this.#send(new EncodedBroadcast({ topic: this.topic, event, payload, position: { epoch: reply.epoch!, offset } }));
    }
    this.#replyTop = reply.epoch === null || reply.offset === null ? undefined : { epoch: reply.epoch, offset: reply.offset };
    for (const broadcast of held) this.#sendPastReply(broadcast);
  }

  #sendPastReply(broadcast: EncodedBroadcast): void {
    const top = this.#replyTop;
    const position = broadcast.message.position;
    if (top !== undefined && position !== undefined) {
      if (position.epoch === top.epoch && position.offset <= top.offset) return;
      this.#replyTop = undefined;
    }
    this.#send(broadcast);
  }

  /** A client push for this channel. */
  handleIn(message: Inbound): void {
    this.#run(async () => {
      if (!this.#handler.handleIn) {
        this.#reply(message.ref, "error", { reason: `unhandled event "${message.event}"` });
        return;
      }
      const result = checkIn(await this.#handler.handleIn(message.event, message.payload, this.#channel));
      if ("stop" in result) await this.#stop(result, message.ref);
      else if ("ok" in result) this.#reply(message.ref, "ok", result.ok ?? {});
      else if ("error" in result) this.#reply(message.ref, "error", result.error ?? {});
    });
  }

  /** A callback returned `{ stop }`: reply if asked, tell the client (close or error), terminate. */
  async #stop({ stop: reason, reply }: StopResult, ref: string | null): Promise<void> {
    if (reply) {
      if ("ok" in reply) this.#reply(ref, "ok", reply.ok ?? {});
      else this.#reply(ref, "error", reply.error ?? {});
    }
    const normal = isNormalStop(reason);
    if (!normal) {
      this.#deps.logger.warn({ topic: this.topic, reason }, "channel stopped abnormally");
      this.#host.send(this.#lifecycleFrame(Events.error));
    }
    await this.#end({ stop: reason }, normal);
  }

  /** Runs `handleInfo` for `message` in the mailbox; its `{ stop }` ends the channel. */
  #info(message: unknown): void {
    const info = this.#handler.handleInfo?.bind(this.#handler);
    if (!info) throw new Error(`channel for ${this.topic} has no handleInfo`);
    this.#run(async () => {
      const result = checkInfo(await info(message, this.#channel));
      if (result) await this.#stop(result, null);
    });
  }

  /** Leave requested by the client: reply ok, then `phx_close`. */
  leave(ref: string | null): void {
    this.#run(async () => {
      this.#reply(ref, "ok", {});
      await this.#end("leave", true);
    });
  }

  /**
   * Ends the channel from outside (socket closed, duplicate join, shutdown).
   * Skips the mailbox so a stuck callback cannot keep a closed socket's
   * channel alive; `notify` sends `phx_close` first.
   */
  async close(reason: TerminateReason, notify: boolean): Promise<void> {
    await this.#end(reason, notify);
  }

  deliver(broadcast: EncodedBroadcast): void {
    if (this.#held) this.#held.push(broadcast);
    else this.#sendPastReply(broadcast);
  }

  #send(broadcast: EncodedBroadcast): void {
    if (this.#state !== "joined") return;
    const { topic, event, payload, coalesce, position } = broadcast.message;
    if (event === "presence_diff" && !this.#watchesPresence) return;
    if (this.#intercepts.has(event) && this.#handler.handleOut) {
      const out = this.#handler.handleOut.bind(this.#handler);
      this.#run(async () => {
        const result = checkOut(await out(event, payload, this.#channel));
        if ("push" in result) this.#channel.push(event, withPosition(result.push, position), coalesce === undefined ? {} : { coalesce });
      });
      return;
    }
    let frame: Frame;
    try {
      frame = broadcast.frameFor(this.#host.serializer);
    } catch (error) {
      // E.g. a binary payload for a vsn=1.0.0 client: this subscriber misses it, the others do not.
      this.#deps.metrics.dropped.inc({ reason: "unencodable" });
      this.#deps.logger.debug({ err: error, topic, event }, "broadcast not encodable for this client");
      return;
    }
    this.#host.send(frame, coalesceKey(topic, event, coalesce));
  }

  #run(task: () => Promise<void>): void {
    if (this.#state === "closed") return;
    if (this.#pending >= this.#deps.maxMailbox) {
      this.#deps.logger.warn({ topic: this.topic, pending: this.#pending }, "channel mailbox full, ending channel");
      this.#crash(new Error("mailbox overflow"));
      return;
    }
    this.#pending++;
    this.#mailbox = this.#mailbox.then(async () => {
      try {
        if (this.#state !== "closed") await task();
      } catch (error) {
        this.#crash(error);
      } finally {
        this.#pending--;
      }
    });
  }

  #crash(error: unknown): void {
    if (this.#state === "closed") return;
    this.#deps.logger.error({ err: error, topic: this.topic }, "channel crashed");
    this.#deps.metrics.channelErrors.inc();
    this.#host.send(this.#lifecycleFrame(Events.error));
    void this.#end("error", false);
  }

  async #end(reason: TerminateReason, notify: boolean): Promise<void> {
    if (this.#state === "closed") return;
    const wasJoined = this.#state === "joined";
    this.#state = "closed";
    if (wasJoined) {
      this.#deps.hub.remove(this.topic, this);
      this.#deps.metrics.channels.dec();
    }
    for (const unsubscribe of this.#subscriptions) unsubscribe();
    this.#subscriptions.clear();
    this.#deps.presence?.untrackOwner(this.id);
    if (notify) this.#sendClose();
    this.#host.released(this);
    if (wasJoined && this.#handler.terminate) {
      try {
        await this.#handler.terminate(reason, this.#channel);
      } catch (error) {
        this.#deps.logger.error({ err: error, topic: this.topic }, "channel terminate crashed");
      }
    }
  }

  #sendClose(): void {
    this.#host.send(this.#lifecycleFrame(Events.close));
  }

  /** phx_close and phx_error carry the join ref as their ref too, as Phoenix sends them. */
  #lifecycleFrame(event: string): Frame {
    return this.#host.serializer.encodePush({ joinRef: this.joinRef, ref: this.joinRef, topic: this.topic, event, payload: {} });
  }

  #presenceList(): RawJson {
    const presence = this.#deps.presence;
    if (!presence) throw new Error("presence is not enabled on this endpoint");
    return presenceStatePayload(presence.list(this.topic));
  }

  #reply(ref: string | null, status: "ok" | "error", response: unknown): void {
    if (ref === null) return;
    this.#host.send(this.#host.serializer.encodeReply({ joinRef: this.joinRef, ref, topic: this.topic, status, response }));
  }

  #facade(): Channel {
    const server = this;
    const deps = this.#deps;
    const host = this.#host;
    const topic = this.topic;
    const requirePresence = (): PresencePort => {
      if (!deps.presence) throw new Error("presence is not enabled on this endpoint");
      return deps.presence;
    };
    const publish = (event: string, payload: unknown, options: PushOptions | undefined, from?: string): void => {
      const message: PubSubMessage = {
        topic,
        event,
        payload,
        ...(from ? { from } : {}),
        ...(options?.coalesce !== undefined ? { coalesce: options.coalesce } : {}),
      };
      deps.hub.broadcast(message);
    };
    return {
      topic,
      joinRef: this.joinRef,
      socket: host.info,
      assigns: {},
      push(event, payload, options) {
        if (server.#state === "closed") return;
        host.send(
          host.serializer.encodePush({ joinRef: server.joinRef, topic, event, payload }),
          coalesceKey(topic, event, options?.coalesce),
        );
      },
      broadcast(event, payload, options) {
        publish(event, payload, options);
      },
      broadcastFrom(event, payload, options) {
        publish(event, payload, options, server.id);
      },
      send(message) {
        server.#info(message);
      },
      subscribe(other) {
        if (!server.#handler.handleInfo) throw new Error(`channel for ${topic} has no handleInfo`);
        const subscriber: Subscriber = {
          id: `${server.id}#${other}`,
          deliver: (broadcast) => server.#info(broadcast.message),
        };
        deps.hub.add(other, subscriber);
        const unsubscribe = (): void => {
          if (server.#subscriptions.delete(unsubscribe)) deps.hub.remove(other, subscriber);
        };
        server.#subscriptions.add(unsubscribe);
        return unsubscribe;
      },
      track(key, meta = {}, on = topic) {
        requirePresence().track(server.id, on, key, meta);
      },
      updatePresence(key, meta) {
        requirePresence().update(server.id, topic, key, meta);
      },
      untrack(key) {
        requirePresence().untrack(server.id, topic, key);
      },
      pushPresenceState() {
        if (!requirePresence().listable(topic)) return false;
        server.#watchesPresence = true;
        if (server.#state === "joined") this.push("presence_state", server.#presenceList());
        else server.#presenceStateRequested = true;
        return true;
      },
    };
  }
}
