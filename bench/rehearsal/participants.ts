/**
 * Participants (one load process): each opens their personal link as the
 * phone does — the token exchanged for the session cookie, one socket with
 * it, the event's view and their own topic joined — keeps the socket as the
 * web client keeps it (official client, jittered reconnects, rejoins), and
 * votes as cast-vote.ts does: over the channel, over HTTP when the channel
 * cannot answer, one ballot id for every try.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { LiveView } from "@plenum/realtime/client";
import type { Channel, Socket } from "phoenix";
import { Topics } from "../../apps/assembly/src/api/topics.ts";
import { ownCpuSeconds } from "../assembly/clients/pace.ts";
import { choiceKey, choiceOf } from "../assembly/lib/choices.ts";
import { serveIpc } from "../assembly/lib/ipc-child.ts";
import { Histogram } from "../lib/histogram.ts";
import { browserSocket, Upstreams } from "./browser-socket.ts";
import { httpJson } from "./http.ts";
import type { Member, OpenOutcome, ParticipantsCommand, ParticipantsStatus, VoteOutcome } from "./protocol.ts";

/** As push-or-null.ts: a channel that has not answered within this is given up for HTTP. */
const CHANNEL_TIMEOUT_MS = 5_000;
/** A phone whose vote got no answer at all is tapped again after a moment. */
const RETAP_MS = 2_000;
const MAX_ERRORS = 5;

type Attempt = { kind: "ok"; via: "socket" | "http" } | { kind: "refused"; error: string } | { kind: "silent"; why: string };

class Phone {
  readonly socket: Socket;
  readonly own: Channel;
  downAt: number | null = null;
  /** When the socket opened again after going down (before the topics were rejoined). */
  #reopenedAt: number | null = null;
  readonly comebacks: [number, number, number][] = [];
  #everJoined = false;

  constructor(
    readonly member: Member,
    readonly home: string,
    readonly address: string,
    readonly cookie: string,
    readonly upstreams: Upstreams,
    eventId: string,
    onReady: () => void,
  ) {
    this.socket = browserSocket({ upstreams, home, localAddress: address, cookie, params: { as: "participant" } });
    this.socket.onClose(() => {
      if (this.#everJoined && this.downAt === null) this.downAt = Date.now();
    });
    this.socket.onError((error: unknown) => {
      if (this.downAt !== null) failedAttempt(String((error as { message?: unknown })?.message ?? error));
    });
    this.socket.onOpen(() => {
      if (this.downAt !== null) this.#reopenedAt = Date.now();
    });
    this.socket.connect();
    new LiveView(this.socket.channel(Topics.event(eventId), {})).start();
    this.own = this.socket.channel(Topics.participant(eventId, member.participantId), {});
    // The official client runs these hooks again on every rejoin.
    this.own.join().receive("ok", () => {
      if (!this.#everJoined) {
        this.#everJoined = true;
        onReady();
      }
      if (this.downAt !== null) {
        this.comebacks.push([this.downAt, this.#reopenedAt ?? Date.now(), Date.now()]);
        this.downAt = null;
        this.#reopenedAt = null;
      }
    });
  }

  get ready(): boolean {
    return this.own.state === "joined";
  }

  /** Tries until acknowledged, refused or `deadline`; each try that got no answer is counted in `silences` by why. */
  async vote(pollId: string, deadline: number, silences: Record<string, number>): Promise<Attempt> {
    const body = { ballotId: `b-${randomUUID()}`, choice: choiceOf(this.member.index) };
    const silent = (why: string): void => {
      silences[why] = (silences[why] ?? 0) + 1;
    };
    while (Date.now() < deadline) {
      const overSocket = await this.#push(pollId, body);
      if (overSocket.kind !== "silent") return overSocket;
      silent(`socket: ${overSocket.why}`);
      const overHttp = await httpJson(`${this.upstreams.pick(this.home)}/api/participant/polls/${pollId}/ballots`, {
        method: "POST",
        body,
        cookie: this.cookie,
        localAddress: this.address,
        timeoutMs: CHANNEL_TIMEOUT_MS * 2,
      });
      if (overHttp.status >= 200 && overHttp.status < 300) return { kind: "ok", via: "http" };
      if (overHttp.status >= 400 && overHttp.status < 500 && overHttp.status !== 429)
        return { kind: "refused", error: `HTTP ${overHttp.status}: ${JSON.stringify(overHttp.body)}` };
      silent(overHttp.status === 0 ? `http: ${String(overHttp.body).slice(0, 60)}` : `http: ${overHttp.status}`);
      await sleep(RETAP_MS * (0.5 + Math.random()));
    }
    return { kind: "silent", why: "deadline" };
  }

  #push(pollId: string, body: object): Promise<Attempt> {
    if (this.own.state !== "joined") return Promise.resolve({ kind: "silent", why: `channel ${this.own.state}` });
    return new Promise((resolve) => {
      this.own
        .push("vote", { pollId, ...body }, CHANNEL_TIMEOUT_MS)
        .receive("ok", () => resolve({ kind: "ok", via: "socket" }))
        .receive("error", (reply: { code?: string; reason?: string }) =>
          // The engine's own refusals (rate limit, not joined) say nothing about the ballot: HTTP tries.
          resolve(
            reply?.code === undefined
              ? { kind: "silent", why: `engine ${reply?.reason}` }
              : { kind: "refused", error: JSON.stringify(reply) },
          ),
        )
        .receive("timeout", () => resolve({ kind: "silent", why: "timeout" }));
    });
  }
}

const phones: Phone[] = [];
const upstreams = new Upstreams([]);
const reconnectErrors: string[] = [];
let failedAttempts = 0;

function failedAttempt(error: string): void {
  failedAttempts++;
  if (reconnectErrors.length < MAX_ERRORS) reconnectErrors.push(error);
}

async function signIn(node: string, member: Member, address: string): Promise<string> {
  const answer = await httpJson(`${node}/api/participant/session`, {
    method: "POST",
    body: { token: member.token },
    localAddress: address,
  });
  if (answer.status !== 200) throw new Error(`sign-in: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  const cookie = answer.setCookie.map((c) => c.split(";")[0]!).find((c) => c.startsWith("plenum_participant="));
  if (!cookie) throw new Error("sign-in: no session cookie");
  return cookie;
}

async function open(command: Extract<ParticipantsCommand, { kind: "open" }>): Promise<OpenOutcome> {
  upstreams.set(command.nodes);
  const started = Date.now();
  const ready = new Histogram();
  const errors: string[] = [];
  let opened = 0;
  let failed = 0;
  let joinedLate = 0;
  const fail = (error: string): void => {
    failed++;
    if (errors.length < MAX_ERRORS) errors.push(error);
  };
  await Promise.all(
    command.members.map(async (member, i) => {
      const wait = started + command.offsetsMs[i]! - Date.now();
      if (wait > 1) await sleep(wait);
      const at = Date.now();
      // Not by index mod 3, which is the choice too: every node gets every choice.
      const home = command.nodes[Math.floor(member.index / 3) % command.nodes.length]!;
      const address = command.addresses[member.index % command.addresses.length]!;
      let cookie: string;
      try {
        cookie = await signIn(upstreams.pick(home), member, address);
      } catch (error) {
        return fail(String(error));
      }
      await new Promise<void>((resolve) => {
        let late = false;
        const timer = setTimeout(() => {
          late = true;
          fail(`member ${member.index}: own topic not joined within 60 s`);
          resolve();
        }, 60_000);
        phones.push(
          new Phone(member, home, address, cookie, upstreams, command.eventId, () => {
            clearTimeout(timer);
            ready.record(Date.now() - at);
            // Counted failed already; still in, and able to vote from now on.
            if (late) joinedLate++;
            else opened++;
            resolve();
          }),
        );
      });
    }),
  );
  return { opened, failed, joinedLate, errors, readyMs: ready.toSparse() };
}

async function vote(command: Extract<ParticipantsCommand, { kind: "vote" }>): Promise<VoteOutcome> {
  const started = Date.now();
  const deadline = started + command.deadlineMs;
  const ack = new Histogram();
  const acknowledged: Record<string, number> = {};
  const unanswered: Record<string, number> = {};
  const acksPerSecond: Record<string, number> = {};
  const errors: string[] = [];
  const silences: Record<string, number> = {};
  let refused = 0;
  let overSocket = 0;
  let overHttp = 0;
  let lastAckAt = 0;
  await Promise.all(
    phones.map(async (phone, i) => {
      await sleep((i * command.windowMs) / phones.length);
      const tapped = Date.now();
      const key = choiceKey({ choice: choiceOf(phone.member.index) });
      const result = await phone.vote(command.pollId, deadline, silences);
      if (result.kind === "ok") {
        const now = Date.now();
        ack.record(now - tapped);
        acknowledged[key] = (acknowledged[key] ?? 0) + 1;
        const second = String(Math.floor(now / 1000));
        acksPerSecond[second] = (acksPerSecond[second] ?? 0) + 1;
        lastAckAt = Math.max(lastAckAt, now);
        if (result.via === "socket") overSocket++;
        else overHttp++;
      } else if (result.kind === "refused") {
        refused++;
        if (errors.length < MAX_ERRORS) errors.push(result.error);
      } else unanswered[key] = (unanswered[key] ?? 0) + 1;
    }),
  );
  return { acknowledged, unanswered, refused, errors, silences, ackMs: ack.toSparse(), acksPerSecond, overSocket, overHttp, lastAckAt };
}

function status(since: number): ParticipantsStatus {
  return {
    members: phones.length,
    ready: phones.filter((phone) => phone.ready).length,
    comebacks: phones.flatMap((phone) => phone.comebacks.filter(([down]) => down >= since)),
    stillDown: phones.filter((phone) => phone.downAt !== null && phone.downAt >= since).length,
    failedAttempts,
    reconnectErrors,
    cpuSeconds: ownCpuSeconds(),
  };
}

serveIpc(async (command: ParticipantsCommand) => {
  switch (command.kind) {
    case "open":
      return open(command);
    case "upstreams":
      upstreams.set(command.nodes);
      return null;
    case "vote":
      return vote(command);
    case "status":
      return status(command.since);
  }
});
