/**
 * Participant load client (one process of the crowd): protocol-level sockets
 * that join topics, vote over the channel, or run whole voter sessions.
 * Driven by the runner over IPC (commands.ts).
 */
import { Histogram } from "../../lib/histogram.ts";
import { serveIpc } from "../lib/ipc-child.ts";
import { choiceKey } from "../lib/choices.ts";
import type { CrowdCommand, Member, Outcome } from "./commands.ts";
import { ownCpuSeconds, paced } from "./pace.ts";
import { PhxClient, type PhxReply } from "./phx-client.ts";

const MAX_ERRORS = 5;
const clients: (PhxClient | undefined)[] = [];

/** Counts outcomes of one command. */
class Tally {
  ok = 0;
  failed = 0;
  readonly errors: string[] = [];
  readonly latency = new Histogram();
  readonly sessionLatency = new Histogram();
  readonly acceptedChoices: Record<string, number> = {};
  readonly #started = performance.now();
  readonly #cpu = ownCpuSeconds();

  reply(reply: PhxReply): boolean {
    this.latency.record(reply.ms);
    if (reply.status === "ok") this.ok++;
    else this.fail(`${reply.status}: ${JSON.stringify(reply.response)}`);
    return reply.status === "ok";
  }

  fail(error: string): void {
    this.failed++;
    if (this.errors.length < MAX_ERRORS) this.errors.push(error);
  }

  /** Counts an accepted ballot's choice. */
  choose(payload: unknown): void {
    const key = choiceKey(payload);
    this.acceptedChoices[key] = (this.acceptedChoices[key] ?? 0) + 1;
  }

  outcome(attempted: number, withSessions = false): Outcome {
    return {
      attempted,
      acceptedChoices: this.acceptedChoices,
      ok: this.ok,
      failed: this.failed,
      errors: this.errors,
      latency: this.latency.toSparse(),
      ...(withSessions ? { sessionLatency: this.sessionLatency.toSparse() } : {}),
      seconds: (performance.now() - this.#started) / 1000,
      cpuSeconds: ownCpuSeconds() - this.#cpu,
    };
  }
}

async function join(url: string, member: Member, localAddress: string | undefined, tally: Tally): Promise<PhxClient | undefined> {
  let client: PhxClient;
  try {
    client = await PhxClient.connect(url, {
      ...(member.authToken ? { authToken: member.authToken } : {}),
      ...(member.params ? { params: member.params } : {}),
      ...(localAddress ? { localAddress } : {}),
    });
  } catch (error) {
    tally.fail(`connect: ${String(error)}`);
    return undefined;
  }
  for (const topic of member.topics) {
    if (!tally.reply(await client.join(topic))) {
      client.close();
      return undefined;
    }
  }
  return client;
}

async function handle(command: CrowdCommand): Promise<unknown> {
  switch (command.kind) {
    case "join": {
      const tally = new Tally();
      const base = clients.length;
      let joined = 0;
      const attempted = await paced(command.members.length, command, async (i) => {
        const client = await join(command.url, command.members[i]!, command.addresses[i % command.addresses.length], tally);
        clients[base + i] = client;
        if (client) joined++;
      });
      // Members with every topic joined; latency is per join reply.
      return { ...tally.outcome(attempted), ok: joined };
    }
    case "vote": {
      const tally = new Tally();
      const attempted = await paced(command.votes.length, command, async (i) => {
        const vote = command.votes[i]!;
        const client = clients[vote.member];
        if (!client?.open) return tally.fail(`member ${vote.member} not connected`);
        if (tally.reply(await client.push(vote.topic, "vote", vote.payload))) tally.choose(vote.payload);
      });
      return tally.outcome(attempted);
    }
    case "sessions": {
      const votes = new Tally();
      const joins = new Tally();
      const attempted = await paced(command.sessions.length, command, async (i) => {
        const session = command.sessions[i]!;
        const started = performance.now();
        const client = await join(
          command.url,
          { authToken: session.authToken, topics: [session.topic] },
          command.addresses[i % command.addresses.length],
          joins,
        );
        if (!client) return votes.fail(`join: ${joins.errors.at(-1) ?? "refused"}`);
        if (votes.reply(await client.push(session.topic, "vote", session.payload))) {
          votes.sessionLatency.record(performance.now() - started);
          votes.choose(session.payload);
        }
        client.close();
      });
      return votes.outcome(attempted, true);
    }
    case "close": {
      for (const client of clients) client?.close();
      clients.length = 0;
      return {};
    }
  }
}

serveIpc(handle);
