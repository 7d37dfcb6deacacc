import { LiveView } from "@plenum/realtime/client";
import type { Channel } from "phoenix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../../packages/realtime/test/helpers.ts";
import { Assembly, joined, pushed } from "./fixture.ts";

/** Lists of speakers live: the view's patches, requests over the participant's channel, the chairs' notice. */
let a: Assembly;
let eventId: string;
let itemId: string;
let tokens: Map<string, string>;

beforeAll(async () => {
  a = await Assembly.start();
  await a.loginOwner();
  ({ eventId, itemId, tokens } = await a.event(4));
});

afterAll(() => a.close());

describe("lists of speakers, live", () => {
  it("takes a request sent twice over the channel and once more over HTTP as one entry, and patches everyone's view", async () => {
    const chair = a.socket(`admin:${decodeURIComponent(a.adminCookie.split("=")[1]!)}`);
    const admin = chair.channel(`event:${eventId}:admin`, {});
    const notices: number[] = [];
    admin.on("speakers_changed", () => void notices.push(Date.now()));
    await joined(admin);

    const socket = a.socket(`participant:${tokens.get("P0")}`);
    const view = new LiveView<any, Channel>(socket.channel(`event:${eventId}:speakers`, {}));
    expect(await view.start().ready()).toBe("synced");
    expect(view.model.lists).toEqual([]);

    const opened = await a.http("POST", `/api/events/${eventId}/speakers`, { agendaItemId: itemId });
    const listId: string = opened.json.list.id;
    await eventually(() => view.model.lists.length === 1, 3000, "the list appears");
    expect(view.model.lists[0]).toMatchObject({ id: listId, closed: false, queue: [], current: null });
    expect(view.model.lists[0].rule.de).toMatch(/Reihenfolge der Meldungen/);

    const me = await a.participantId(eventId, "p0@example.org");
    const own = socket.channel(`event:${eventId}:participant:${me}`, {});
    await joined(own);
    const request = { listId, requestId: `r-${crypto.randomUUID()}` };
    const [first, second] = await Promise.all([pushed(own, "request_to_speak", request), pushed(own, "request_to_speak", request)]);
    expect(first.status).toBe("ok");
    expect(second.response.entry.id).toBe(first.response.entry.id);
    // The phone's fallback when the channel went silent: the same request id over HTTP.
    const overHttp = await fetch(`${a.server.url}/api/participant/speakers/${listId}/requests`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.get("P0")}`, "content-type": "application/json" },
      body: JSON.stringify({ requestId: request.requestId }),
    });
    expect(overHttp.status).toBe(200);
    expect(((await overHttp.json()) as { entry: { id: string } }).entry.id).toBe(first.response.entry.id);
    await eventually(() => view.model.lists[0].queue.length === 1, 3000, "the request appears");
    expect(view.model.lists[0].queue[0]).toMatchObject({ entryId: first.response.entry.id, participantId: me, name: "P0", kind: "normal" });

    const refused = await pushed(own, "request_to_speak", { listId, requestId: `r-${crypto.randomUUID()}` });
    expect(refused).toMatchObject({ status: "error", response: { code: "already_on_speakers_list" } });
    const malformed = await pushed(own, "request_to_speak", { listId, requestId: "x" });
    expect(malformed).toMatchObject({ status: "error", response: { code: "invalid" } });

    const started = await a.http("POST", `/api/events/${eventId}/speakers/${listId}/start`, {});
    expect(started.status, started.text).toBe(200);
    await eventually(() => view.model.lists[0].current !== null, 3000, "the speaker appears");
    const current = view.model.lists[0].current;
    expect(current).toMatchObject({ participantId: me, spokenMs: 0, limitMs: 180_000 });
    expect(current.runningSince).toBe(current.startedAt);
    // The clock runs on the screens: no patch while the speaker speaks.
    const patches = view.patches;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(view.patches).toBe(patches);
    await eventually(() => notices.length > 0, 3000, "the chairs' notice");

    await a.http("POST", `/api/events/${eventId}/speakers/${listId}/close`);
    await eventually(() => view.model.lists[0].closed, 3000, "closed live");
    const late = await pushed(own, "withdraw_request", { listId, entryId: first.response.entry.id });
    expect(late).toMatchObject({ status: "error", response: { code: "invalid_transition" } });
  });

  it("lets only the event's participants and chairs join its speakers topic", async () => {
    const other = await a.event(1);
    const stranger = a.socket(`participant:${other.tokens.get("P0")}`);
    expect((await joined(stranger.channel(`event:${eventId}:speakers`, {}))).status).toBe("error");
    expect((await joined(stranger.channel(`event:${other.eventId}:speakers`, {}))).status).toBe("ok");
  });
});
