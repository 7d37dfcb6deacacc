import type { Channel } from "phoenix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../../packages/realtime/test/helpers.ts";
import { LiveView } from "@plenum/realtime/client";
import { Assembly, joined, pushed } from "./fixture.ts";

/** The motion book's live views and the support push, end to end: real server, official client. */
let a: Assembly;
let eventId: string;
let tokens: Map<string, string>;

beforeAll(async () => {
  a = await Assembly.start();
  await a.loginOwner();
  ({ eventId, tokens } = await a.event(3));
});

afterAll(() => a.close());

const token = (name: string) => `participant:${tokens.get(name)}`;
const adminToken = () => `admin:${decodeURIComponent(a.adminCookie.split("=")[1]!)}`;
const text = "Every park gets benches.\n\nThe board reports back.";

async function motion(title: string): Promise<string> {
  const created = await a.http("POST", `/api/events/${eventId}/motions`, { title, text, submitters: [{ kind: "name", name: "Board" }] });
  expect(created.status, created.text).toBe(201);
  return created.json.motion.id;
}

describe("motion live views", () => {
  it("patches the list and the motion for participants, and supports idempotently over the channel", async () => {
    const socket = a.socket(token("P0"));
    const list = new LiveView<any, Channel>(socket.channel(`event:${eventId}:motions`, {}));
    expect(await list.start().ready()).toBe("synced");
    expect(list.model.motions).toEqual([]);

    const motionId = await motion("Benches");
    await eventually(() => list.model.motions.length === 1, 3000, "motion appears in the list");
    expect(list.model.motions[0]).toMatchObject({ title: "Benches", supporters: 0, state: { id: "submitted" } });
    expect(list.patches).toBeGreaterThan(0);

    const detail = new LiveView<any, Channel>(socket.channel(`event:${eventId}:motion:${motionId}`, {}));
    expect(await detail.start().ready()).toBe("synced");
    expect(detail.model.lines.map((line: { number: number }) => line.number)).toEqual([1, 2]);
    const first = await pushed(detail.channel, "support", {});
    expect(first.status, JSON.stringify(first.response)).toBe("ok");
    const again = await pushed(detail.channel, "support", {});
    expect(again.response.motion.supporters).toHaveLength(1);
    await eventually(() => detail.model.motion.supporters === 1 && list.model.motions[0].supporters === 1, 3000, "support shows");

    await a.http("POST", `/api/events/${eventId}/motions/${motionId}/amendments`, {
      lineFrom: 1,
      lineTo: 1,
      text: "Every park gets two benches.",
      submitters: [{ kind: "name", name: "Youth" }],
    });
    await eventually(() => detail.model.amendments.length === 1, 3000, "amendment appears");
    expect(detail.model.amendments[0].change.segments).toContainEqual({ op: "insert", text: "two " });
    expect((await pushed(detail.channel, "withdraw_support", {})).status).toBe("ok");
    await eventually(() => detail.model.motion.supporters === 0, 3000, "support withdrawn");
  });

  it("refuses a motion of another event, and tells the chairs of changes in a throttled notice", async () => {
    const other = await a.event(1);
    const foreign = await a.http("POST", `/api/events/${other.eventId}/motions`, {
      title: "Theirs",
      text,
      submitters: [{ kind: "name", name: "X" }],
    });
    const socket = a.socket(token("P1"));
    expect((await joined(socket.channel(`event:${eventId}:motion:${foreign.json.motion.id}`, {}))).status).toBe("error");
    expect((await joined(socket.channel(`event:${other.eventId}:motions`, {}))).status).toBe("error");

    const chair = a.socket(adminToken());
    const admin = chair.channel(`event:${eventId}:admin`, {});
    expect((await joined(admin)).status).toBe("ok");
    let notices = 0;
    admin.on("motions_changed", () => {
      notices++;
    });
    const started = Date.now();
    await Promise.all(Array.from({ length: 10 }, (_, i) => motion(`Burst ${i}`)));
    const seconds = Math.ceil((Date.now() - started) / 1000);
    await eventually(() => notices >= 1, 3000, "chairs notified");
    await new Promise((resolve) => setTimeout(resolve, 1200));
    // Ten changes: at most one notice per second they took, plus the trailing one, however loaded the machine.
    expect(notices).toBeLessThanOrEqual(Math.min(seconds + 1, 9));

    const view = chair.channel(`event:${eventId}:motions`, {});
    expect((await joined(view)).status).toBe("ok");
    // Support is a participant's: a chair's push is refused.
    const own = chair.channel(`event:${eventId}:motion:${await motion("Chair's")}`, {});
    expect((await joined(own)).status).toBe("ok");
    const refused = await pushed(own, "support", {});
    expect(refused).toMatchObject({ status: "error", response: { code: "forbidden" } });
  });
});
