import { LiveView } from "@plenum/realtime/client";
import type { Channel } from "phoenix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../../packages/realtime/test/helpers.ts";
import { Assembly, joined } from "./fixture.ts";

/** The screens' live view: switching what a screen shows patches every page holding it; participants never join it. */
let a: Assembly;
let eventId: string;
let itemId: string;
let tokens: Map<string, string>;

beforeAll(async () => {
  a = await Assembly.start();
  await a.loginOwner();
  ({ eventId, itemId, tokens } = await a.event(2));
});

afterAll(() => a.close());

describe("projectors, live", () => {
  it("patches the screens' view when a chair switches one, and only the chairs may watch it", async () => {
    const chair = a.socket(`admin:${decodeURIComponent(a.adminCookie.split("=")[1]!)}`);
    const view = new LiveView<any, Channel>(chair.channel(`event:${eventId}:projectors`, {}));
    expect(await view.start().ready()).toBe("synced");
    expect(view.model.projectors).toEqual([]);

    const participant = a.socket(`participant:${tokens.get("P0")}`);
    expect(await joined(participant.channel(`event:${eventId}:projectors`, {}))).toMatchObject({
      status: "error",
      response: { reason: "forbidden" },
    });

    const hall = await a.http("POST", `/api/events/${eventId}/projectors`, { name: "Hall" });
    const hallId: string = hall.json.projector.id;
    await eventually(() => view.model.projectors.length === 1, 3000, "the new screen appears");
    expect(view.model.projectors[0]).toMatchObject({ id: hallId, name: "Hall", content: { kind: "auto" }, announcement: null });

    const poll = await a.http("POST", `/api/events/${eventId}/polls`, { agendaItemId: itemId, title: "Budget", kind: "yes_no_abstain" });
    const pollId: string = poll.json.poll.id;
    for (const step of ["open", "close", "publish"]) await a.http("POST", `/api/events/${eventId}/polls/${pollId}/${step}`);
    const patches = view.patches;
    const switched = await a.http("PUT", `/api/events/${eventId}/projectors/${hallId}/content`, { content: { kind: "poll", pollId } });
    expect(switched.status, switched.text).toBe(200);
    await eventually(() => view.model.projectors[0].content.kind === "poll", 3000, "the switch arrives");
    expect(view.patches).toBeGreaterThan(patches);
    expect(view.model.projectors[0].content).toEqual({ kind: "poll", pollId });

    // An announcement travels with the screen; withdrawn, it leaves the screen at once.
    const published = await a.http("POST", `/api/events/${eventId}/announcements`, { title: "Lunch", body: "At noon" });
    const announcementId: string = published.json.announcement.id;
    await a.http("PUT", `/api/events/${eventId}/projectors/${hallId}/content`, { content: { kind: "announcement", announcementId } });
    await eventually(() => view.model.projectors[0].announcement?.title === "Lunch", 3000, "the announcement is shown");
    await a.http("DELETE", `/api/events/${eventId}/announcements/${announcementId}`);
    await eventually(() => view.model.projectors[0].announcement === null, 3000, "the withdrawn announcement leaves the screen");

    // A countdown is one instant: the screens count on their own, nothing is pushed while it runs.
    await a.http("PUT", `/api/events/${eventId}/projectors/${hallId}/content`, {
      content: { kind: "countdown", label: "Break", durationSeconds: 300 },
    });
    await eventually(() => view.model.projectors[0].content.kind === "countdown", 3000, "the countdown arrives");
    const counted = view.patches;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(view.patches).toBe(counted);

    await a.http("DELETE", `/api/events/${eventId}/projectors/${hallId}`);
    await eventually(() => view.model.projectors.length === 0, 3000, "the removed screen leaves the view");
  });
});
