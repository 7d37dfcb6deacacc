/**
 * HTTP ballot client (one load process): POSTs each participant's ballot to
 * /api/participant/polls/:pollId/ballots with their bearer token, over
 * keep-alive connections spread across source addresses.
 */
import { Agent, request } from "node:http";
import { Histogram } from "../../lib/histogram.ts";
import { serveIpc } from "../lib/ipc-child.ts";
import { choiceKey } from "../lib/choices.ts";
import type { HttpVote, HttpVotersCommand, Outcome } from "./commands.ts";
import { ownCpuSeconds, paced } from "./pace.ts";

const MAX_ERRORS = 5;

function post(url: URL, agent: Agent, vote: HttpVote): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(vote.body);
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: { authorization: `Bearer ${vote.token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", (error) => resolve({ status: 0, body: String(error) }));
    req.end(body);
  });
}

async function handle(command: HttpVotersCommand): Promise<Outcome> {
  const perAddress = Math.ceil(command.concurrency / command.addresses.length);
  const agents = command.addresses.map((localAddress) => new Agent({ keepAlive: true, maxSockets: perAddress, localAddress }));
  const latency = new Histogram();
  const errors: string[] = [];
  let ok = 0;
  let failed = 0;
  const cpu = ownCpuSeconds();
  const started = performance.now();
  const acceptedChoices: Record<string, number> = {};
  const attempted = await paced(command.votes.length, command, async (i) => {
    const vote = command.votes[i]!;
    const sent = performance.now();
    const reply = await post(new URL(`/api/participant/polls/${vote.pollId}/ballots`, command.baseUrl), agents[i % agents.length]!, vote);
    latency.record(performance.now() - sent);
    if (reply.status >= 200 && reply.status < 300) {
      ok++;
      const key = choiceKey(vote.body);
      acceptedChoices[key] = (acceptedChoices[key] ?? 0) + 1;
    } else {
      failed++;
      if (errors.length < MAX_ERRORS) errors.push(`HTTP ${reply.status}: ${reply.body.slice(0, 200)}`);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  for (const agent of agents) agent.destroy();
  return { ok, failed, errors, latency: latency.toSparse(), seconds, cpuSeconds: ownCpuSeconds() - cpu, attempted, acceptedChoices };
}

serveIpc(handle);
