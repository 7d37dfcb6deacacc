import { LiveView } from "@plenum/realtime/client";
import type { Channel } from "phoenix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../../packages/realtime/test/helpers.ts";
import { type FreshSchema, freshSchema } from "../store/postgres-schema.ts";
import { Assembly, joined, pushed } from "./fixture.ts";

/** Elections over the participant's socket (the `election_vote` event) and in the live views, on both databases. */
describe.each(["sqlite", "postgres"] as const)("elections live on %s", (backend) => {
  let a: Assembly;
  let schema: FreshSchema | undefined;
  let eventId: string;
  let itemId: string;
  let tokens: Map<string, string>;

  beforeAll(async () => {
    schema = backend === "postgres" ? await freshSchema() : undefined;
    a = await Assembly.start(schema === undefined ? {} : { databaseUrl: schema.databaseUrl });
    await a.loginOwner();
    ({ eventId, itemId, tokens } = await a.event(4));
  });

  afterAll(async () => {
    await a?.close();
    await schema?.drop();
  });

  const token = (name: string) => `participant:${tokens.get(name)}`;
  const ballotId = () => `b-${crypto.randomUUID()}`;
  async function participantId(email: string): Promise<string> {
    const page = await a.http("GET", `/api/events/${eventId}/participants?search=${encodeURIComponent(email)}`);
    return page.json.items[0].id;
  }

  it("votes over the channel with the command's guarantees; chairs see turnout only, everyone the result once published", async () => {
    const base = `/api/events/${eventId}/elections`;
    const created = await a.http("POST", base, {
      agendaItemId: itemId,
      title: "Vorstand",
      seats: 2,
      method: { kind: "schulze" },
      candidates: [{ name: "Ada" }, { name: "Bea" }, { name: "Cid" }],
    });
    const electionId: string = created.json.election.id;

    const socket = a.socket(token("P1"));
    const event = new LiveView<any, Channel>(socket.channel(`event:${eventId}`, {}));
    expect(await event.start().ready()).toBe("synced");
    expect(event.model.elections).toEqual([]);
    const own = new LiveView<any, Channel>(socket.channel(`event:${eventId}:participant:${await participantId("p1@example.org")}`, {}));
    expect(await own.start().ready()).toBe("synced");
    const chair = a.socket(`admin:${decodeURIComponent(a.adminCookie.split("=")[1]!)}`);
    const admin = new LiveView<any, Channel>(chair.channel(`event:${eventId}:admin`, {}));
    expect(await admin.start().ready()).toBe("synced");

    await a.http("POST", `${base}/${electionId}/open`);
    await eventually(() => event.model.elections[0]?.status === "open", 3000, "the election appears open");
    expect(event.model.elections[0]).toMatchObject({
      title: "Vorstand",
      definition: { method: { kind: "schulze" }, candidates: [{ name: "Ada" }, { name: "Bea" }, { name: "Cid" }] },
      turnout: { count: 0, eligibleCount: 4 },
      result: null,
    });

    const id = ballotId();
    const vote = { electionId, ballotId: id, choice: { kind: "tiers", tiers: [["c2"], ["c1", "c3"]] } };
    const first = await pushed(own.channel, "election_vote", vote);
    expect(first.status).toBe("ok");
    expect(first.response.receipt).toMatchObject({ pollId: electionId, ballotId: id });
    expect((await pushed(own.channel, "election_vote", vote)).response.receipt).toEqual(first.response.receipt);
    expect(await pushed(own.channel, "election_vote", { ...vote, ballotId: ballotId() })).toMatchObject({
      status: "error",
      response: { code: "already_voted" },
    });
    expect(
      await pushed(own.channel, "election_vote", { electionId, ballotId: ballotId(), choice: { kind: "approve", candidateIds: [] } }),
    ).toMatchObject({
      status: "error",
      response: { code: "already_voted" },
    });
    const other = a.socket(token("P2"));
    await joined(other.channel(`event:${eventId}`, {}));
    const otherOwn = other.channel(`event:${eventId}:participant:${await participantId("p2@example.org")}`, {});
    await joined(otherOwn);
    expect(
      await pushed(otherOwn, "election_vote", { electionId, ballotId: ballotId(), choice: { kind: "single", candidateId: "c1" } }),
    ).toMatchObject({
      status: "error",
      response: { code: "invalid" },
    });
    expect(await pushed(event.channel, "election_vote", vote)).toMatchObject({ status: "error", response: { code: "unknown_event" } });
    expect(
      (
        await pushed(otherOwn, "election_vote", {
          electionId,
          ballotId: ballotId(),
          choice: { kind: "ranking", candidateIds: ["c2", "c3"] },
        })
      ).status,
    ).toBe("ok");

    await eventually(
      () => admin.model.openPolls.find((p: { pollId: string }) => p.pollId === electionId)?.count === 2,
      3000,
      "chair turnout 2",
    );
    await eventually(() => own.model.voted[electionId]?.length === 1, 3000, "own view shows the vote");
    expect(event.model.elections[0].result).toBeNull();

    await a.http("POST", `${base}/${electionId}/close`);
    await eventually(() => event.model.elections[0]?.status === "closed", 3000, "closed");
    expect(event.model.elections[0]).toMatchObject({ result: null, turnout: { count: 2 } });
    await a.http("POST", `${base}/${electionId}/publish`);
    await eventually(() => event.model.elections[0]?.result !== null, 3000, "result published");
    expect(event.model.elections[0].result).toMatchObject({ method: "schulze", elected: [{ candidateId: "c2" }, { position: 2 }] });
  });
});
