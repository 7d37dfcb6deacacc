import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, eventWithParticipants, expectError } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(async () => {
  await h.close();
});

const choicePoll = (agendaItemId: string) => ({
  agendaItemId,
  title: "Board seats",
  kind: "multiple_choice",
  options: [{ label: "Ada" }, { label: "Bo" }, { label: "Cy" }],
  minChoices: 1,
  maxChoices: 2,
  majority: { kind: "threshold", numerator: 1, denominator: 3 },
  quorum: { kind: "fraction", numerator: 1, denominator: 2 },
  secret: true,
});

describe("polls", () => {
  it("creates, edits and deletes drafts; lists and reads them", async () => {
    const f = await eventWithParticipants(h, []);
    const base = `/api/events/${f.eventId}/polls`;
    const created = await h.call("POST", base, { ...f.owner, body: choicePoll(f.agendaItemId) });
    expect(created.status, created.text).toBe(201);
    expect(created.json.poll).toMatchObject({
      status: "draft",
      secret: true,
      options: [{ id: "o1" }, { id: "o2" }, { id: "o3" }],
      maxChoices: 2,
    });
    const pollId: string = created.json.poll.id;
    const edited = await h.call("PATCH", `${base}/${pollId}`, { ...f.owner, body: { title: "Board", maxChoices: 3 } });
    expect(edited.json.poll).toMatchObject({ title: "Board", maxChoices: 3 });
    expect((await h.call("GET", `${base}/${pollId}`, f.owner)).json.poll.title).toBe("Board");
    expect((await h.call("GET", base, f.owner)).json.polls.map((p: { id: string }) => p.id)).toEqual([pollId]);
    expect((await h.call("DELETE", `${base}/${pollId}`, f.owner)).status).toBe(204);
    expectError(await h.call("GET", `${base}/${pollId}`, f.owner), 404);
  });

  it("runs draft → open → closed → published and refuses everything out of order", async () => {
    const f = await eventWithParticipants(h, ["Anke", "Bodo"]);
    const base = `/api/events/${f.eventId}/polls`;
    const pollId: string = (await h.call("POST", base, { ...f.owner, body: choicePoll(f.agendaItemId) })).json.poll.id;
    expectError(await h.call("POST", `${base}/${pollId}/close`, f.owner), 409, "invalid_transition");
    expectError(await h.call("POST", `${base}/${pollId}/publish`, f.owner), 409, "invalid_transition");
    expectError(await h.call("GET", `${base}/${pollId}/results`, f.owner), 409, "results_not_available");
    expect((await h.call("POST", `${base}/${pollId}/open`, f.owner)).json.poll).toMatchObject({ status: "open", eligibleCount: 2 });
    expectError(await h.call("PATCH", `${base}/${pollId}`, { ...f.owner, body: { title: "Too late" } }), 409, "invalid_transition");
    expectError(await h.call("DELETE", `${base}/${pollId}`, f.owner), 409);
    const cast = await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
      bearer: f.tokens[0]!,
      body: { ballotId: "anke-ballot-0123456789", choice: { kind: "options", optionIds: ["o2", "o1"] } },
    });
    expect(cast.status, cast.text).toBe(200);
    expect((await h.call("POST", `${base}/${pollId}/close`, f.owner)).json.poll.status).toBe("closed");
    const results = await h.call("GET", `${base}/${pollId}/results`, f.owner);
    expect(results.json.tally).toMatchObject({ turnout: { count: 1 }, quorum: { met: true }, winners: ["o1", "o2"] });
    expectError(await h.call("GET", `${base}/${pollId}/ballots`, f.owner), 403, "secret_poll");
    expect((await h.call("POST", `${base}/${pollId}/publish`, f.owner)).json.poll.status).toBe("published");
    expectError(await h.call("POST", `${base}/${pollId}/open`, f.owner), 409, "invalid_transition");
    const actions = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a.startsWith("poll."))).toEqual(["poll.create", "poll.open", "poll.close", "poll.publish"]);
  });

  it("shows named ballots to admins once closed", async () => {
    const f = await eventWithParticipants(h, ["Carl"]);
    const base = `/api/events/${f.eventId}/polls`;
    const pollId: string = (
      await h.call("POST", base, { ...f.owner, body: { agendaItemId: f.agendaItemId, title: "Named", kind: "yes_no_abstain" } })
    ).json.poll.id;
    await h.call("POST", `${base}/${pollId}/open`, f.owner);
    await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
      bearer: f.tokens[0]!,
      body: { ballotId: "carl-ballot-0123456789", choice: { kind: "options", optionIds: ["no"] } },
    });
    expectError(await h.call("GET", `${base}/${pollId}/ballots`, f.owner), 409, "results_not_available");
    await h.call("POST", `${base}/${pollId}/close`, f.owner);
    expect((await h.call("GET", `${base}/${pollId}/ballots`, f.owner)).json.ballots).toEqual([
      expect.objectContaining({ name: "Carl", choice: { kind: "options", optionIds: ["no"] }, weight: 1 }),
    ]);
  });

  it("refuses bad definitions, wrong roles and other events' polls, changing nothing", async () => {
    const f = await eventWithParticipants(h, []);
    const other = await eventWithParticipants(h, []);
    const base = `/api/events/${f.eventId}/polls`;
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", "poll-observer@example.org");
    const chair = await h.adminWithRole(f.owner, f.eventId, "chair", "poll-chair@example.org");
    expectError(
      await h.call("POST", base, { ...f.owner, body: { ...choicePoll(f.agendaItemId), options: [{ label: "Only one" }] } }),
      400,
      "invalid",
    );
    expectError(await h.call("POST", base, { ...f.owner, body: { ...choicePoll(f.agendaItemId), kind: "ranked" } }), 400, "invalid");
    expectError(
      await h.call("POST", base, {
        ...f.owner,
        body: { ...choicePoll(f.agendaItemId), majority: { kind: "threshold", numerator: 3, denominator: 2 } },
      }),
      400,
      "invalid",
    );
    expectError(
      await h.call("POST", base, { ...f.owner, body: { ...choicePoll(f.agendaItemId), minChoices: 3, maxChoices: 2 } }),
      400,
      "invalid",
    );
    expectError(await h.call("POST", base, { ...f.owner, body: choicePoll(other.agendaItemId) }), 404);
    expectError(await h.call("POST", base, { ...observer, body: choicePoll(f.agendaItemId) }), 403, "forbidden");
    const pollId: string = (await h.call("POST", base, { ...chair, body: choicePoll(f.agendaItemId) })).json.poll.id;
    const otherPoll: string = (
      await h.call("POST", `/api/events/${other.eventId}/polls`, { ...other.owner, body: choicePoll(other.agendaItemId) })
    ).json.poll.id;
    expectError(await h.call("POST", `${base}/${pollId}/open`, observer), 403, "forbidden");
    expectError(await h.call("GET", `${base}/${otherPoll}`, f.owner), 404);
    expectError(await h.call("POST", `${base}/${otherPoll}/open`, f.owner), 404);
    expectError(await h.call("PATCH", `${base}/${otherPoll}`, { ...f.owner, body: { title: "Stolen" } }), 404);
    expectError(await h.call("PATCH", `${base}/${pollId}`, { ...f.owner, body: { secret: "yes" } }), 400, "invalid");
    expectError(await h.call("GET", `${base}/${pollId}/results`, { bearer: "x".repeat(43) }), 401);
    expect((await h.call("GET", `${base}/${pollId}`, observer)).json.poll).toMatchObject({
      status: "draft",
      title: "Board seats",
      secret: true,
    });
    expect((await h.store.polls.get(otherPoll)).status).toBe("draft");
    expect((await h.call("GET", base, f.owner)).json.polls).toHaveLength(1);
  });

  it("cannot open a poll while the event is not open", async () => {
    const owner = await h.login();
    const eventId: string = (await h.call("POST", "/api/events", { ...owner, body: { name: "Draft event" } })).json.event.id;
    const itemId: string = (await h.call("POST", `/api/events/${eventId}/agenda`, { ...owner, body: { title: "T" } })).json.item.id;
    const pollId: string = (
      await h.call("POST", `/api/events/${eventId}/polls`, { ...owner, body: { agendaItemId: itemId, title: "P", kind: "yes_no_abstain" } })
    ).json.poll.id;
    expectError(await h.call("POST", `/api/events/${eventId}/polls/${pollId}/open`, owner), 409, "invalid_transition");
    expect((await h.store.polls.get(pollId)).status).toBe("draft");
  });
});

describe("proxies", () => {
  it("grants, lists and revokes delegations; the delegate votes for the principal", async () => {
    const f = await eventWithParticipants(h, ["Dana", "Emil", "Finn"], { proxyCapPerDelegate: 1 });
    const [dana, emil, finn] = f.participantIds as [string, string, string];
    const base = `/api/events/${f.eventId}/proxies`;
    expect((await h.call("POST", base, { ...f.owner, body: { principalId: dana, delegateId: emil } })).status).toBe(201);
    expectError(await h.call("POST", base, { ...f.owner, body: { principalId: finn, delegateId: emil } }), 409, "proxy_cap_reached");
    expectError(await h.call("POST", base, { ...f.owner, body: { principalId: finn, delegateId: finn } }), 400, "invalid");
    expect((await h.call("GET", base, f.owner)).json.proxies).toEqual([expect.objectContaining({ principalId: dana, delegateId: emil })]);

    const pollId: string = (
      await h.call("POST", `/api/events/${f.eventId}/polls`, {
        ...f.owner,
        body: { agendaItemId: f.agendaItemId, title: "P", kind: "yes_no_abstain" },
      })
    ).json.poll.id;
    await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/open`, f.owner);
    const entitlements = await h.call("GET", `/api/participant/polls/${pollId}/entitlements`, { bearer: f.tokens[1]! });
    expect(entitlements.json.entitlements.map((e: { principalId: string }) => e.principalId).sort()).toEqual([dana, emil].sort());
    expectError(
      await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
        bearer: f.tokens[0]!,
        body: { ballotId: "dana-self-0123456789", choice: { kind: "abstain" } },
      }),
      403,
      "not_entitled",
    );
    expectError(
      await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
        bearer: f.tokens[2]!,
        body: { ballotId: "finn-for-dana-0123456", principalId: dana, choice: { kind: "abstain" } },
      }),
      403,
      "not_entitled",
    );
    const emilForDana = { ballotId: "emil-for-dana-0123456", principalId: dana, choice: { kind: "options", optionIds: ["yes"] } };
    const cast = await h.call("POST", `/api/participant/polls/${pollId}/ballots`, { bearer: f.tokens[1]!, body: emilForDana });
    expect(cast.status).toBe(200);
    // Once Dana voted, Finn still gets not_entitled (not already_voted): no probing who voted.
    expectError(
      await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
        bearer: f.tokens[2]!,
        body: { ballotId: "finn-for-dana-0123457", principalId: dana, choice: { kind: "abstain" } },
      }),
      403,
      "not_entitled",
    );
    expect((await h.call("POST", `/api/participant/polls/${pollId}/ballots`, { bearer: f.tokens[1]!, body: emilForDana })).json).toEqual(
      cast.json,
    );

    expect((await h.call("DELETE", `${base}/${dana}`, f.owner)).status).toBe(204);
    expect((await h.call("DELETE", `${base}/${dana}`, f.owner)).status).toBe(204);
    expect((await h.call("GET", base, f.owner)).json.proxies).toEqual([]);
    const actions = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a.startsWith("proxy."))).toEqual(["proxy.grant", "proxy.revoke"]);
  });

  it("refuses wrong roles and other events' participants", async () => {
    const f = await eventWithParticipants(h, ["Gert", "Hilde"]);
    const other = await eventWithParticipants(h, ["Ines"]);
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", "proxy-observer@example.org");
    const base = `/api/events/${f.eventId}/proxies`;
    expectError(
      await h.call("POST", base, { ...observer, body: { principalId: f.participantIds[0], delegateId: f.participantIds[1] } }),
      403,
    );
    expectError(
      await h.call("POST", base, { ...f.owner, body: { principalId: f.participantIds[0], delegateId: other.participantIds[0] } }),
      404,
    );
    expectError(await h.call("POST", base, { ...f.owner, body: { principalId: f.participantIds[0] } }), 400, "invalid");
    expectError(await h.call("DELETE", `${base}/${other.participantIds[0]}`, f.owner), 404);
    expect((await h.call("GET", base, observer)).json.proxies).toEqual([]);
  });
});

describe("frozen electorate", () => {
  it("refuses weight and voting-right changes and new voters while a poll is open, everywhere, and shows the integrity check", async () => {
    const f = await eventWithParticipants(h, ["Gerd", "Hanna", "Ines"]);
    const [gerd, hanna, ines] = f.participantIds as [string, string, string];
    const participants = `/api/events/${f.eventId}/participants`;
    const base = `/api/events/${f.eventId}/polls`;
    const pollId: string = (
      await h.call("POST", base, {
        ...f.owner,
        body: { agendaItemId: f.agendaItemId, title: "Budget", kind: "yes_no_abstain", majority: { kind: "absolute" } },
      })
    ).json.poll.id;
    expect((await h.call("POST", `${base}/${pollId}/open`, f.owner)).json.poll).toMatchObject({ eligibleCount: 3, eligibleWeight: 3 });

    // A chair raising a weight mid-vote to carry an absolute majority.
    const raised = expectError(
      await h.call("PATCH", `${participants}/${gerd}`, { ...f.owner, body: { weight: 1_000_000_000 } }),
      409,
      "electorate_frozen",
    );
    expect(raised.details).toEqual({ polls: [{ id: pollId, title: "Budget" }] });
    expectError(await h.call("PATCH", `${participants}/${hanna}`, { ...f.owner, body: { eligible: false } }), 409, "electorate_frozen");
    expectError(
      await h.call("POST", participants, { ...f.owner, body: { name: "Jan", email: "jan@example.org" } }),
      409,
      "electorate_frozen",
    );
    const csv = "name,email,eligible\nKurt,kurt@example.org,nein\nLena,lena@example.org,ja\n";
    expectError(
      await h.call("POST", `${participants}/import`, { ...f.owner, body: csv, contentType: "text/csv" }),
      409,
      "electorate_frozen",
    );
    expect((await h.call("GET", participants, f.owner)).json.total).toBe(3);
    // What leaves the electorate alone still works, proxies included.
    expect((await h.call("PATCH", `${participants}/${gerd}`, { ...f.owner, body: { name: "Gerd B." } })).status).toBe(200);
    expect(
      (await h.call("POST", participants, { ...f.owner, body: { name: "Guest", email: "guest@example.org", eligible: false } })).status,
    ).toBe(201);
    expect(
      (await h.call("POST", `/api/events/${f.eventId}/proxies`, { ...f.owner, body: { principalId: ines, delegateId: hanna } })).status,
    ).toBe(201);

    for (const [index, principalId] of [
      [0, gerd],
      [1, hanna],
      [1, ines],
    ] as const) {
      const cast = await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
        bearer: f.tokens[index]!,
        body: { ballotId: `frozen-${principalId}`, principalId, choice: { kind: "options", optionIds: ["yes"] } },
      });
      expect(cast.json.receipt.weight).toBe(1);
    }
    expect((await h.call("POST", `${base}/${pollId}/close`, f.owner)).status).toBe(200);
    const { tally } = (await h.call("GET", `${base}/${pollId}/results`, f.owner)).json;
    expect(tally).toMatchObject({ turnout: { count: 3, weight: 3 }, integrity: { turnoutExceedsEligible: false }, outcome: "passed" });
    // Closed: the change is allowed now, for later polls.
    expect((await h.call("PATCH", `${participants}/${gerd}`, { ...f.owner, body: { weight: 5 } })).json.participant.weight).toBe(5);
  });
});
