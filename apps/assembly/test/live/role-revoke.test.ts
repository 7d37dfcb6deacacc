import type { Channel } from "phoenix";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually } from "../../../../packages/realtime/test/helpers.ts";
import { Assembly, joined } from "./fixture.ts";

/** Removing an admin's role ends their live channels of that event only; removing a role they do not have ends nothing. */
let a: Assembly;
beforeAll(async () => {
  a = await Assembly.start();
  await a.loginOwner();
});
afterAll(() => a.close());

async function newEvent(name: string): Promise<string> {
  return (await a.http("POST", "/api/events", { name })).json.event.id;
}

/** Counts the channel's errors (an ended channel reports phx_error and rejoins). */
function errorsOf(channel: Channel): () => number {
  let errors = 0;
  channel.onError(() => void errors++);
  return () => errors;
}

it("ends the admin's channels of the event whose role was removed, not the socket nor other events' channels", async () => {
  const [eventA, eventB, eventC] = [await newEvent("A"), await newEvent("B"), await newEvent("C")];
  const chair = { email: "two-events@example.org", name: "Chair", password: "chair-password-1" };
  for (const eventId of [eventA, eventB]) {
    expect((await a.http("PUT", `/api/events/${eventId}/roles`, { ...chair, role: "chair" })).status).toBe(200);
  }
  const adminId: string = (await a.http("GET", `/api/events/${eventA}/roles`)).json.roles.find(
    (r: { admin: { email: string } }) => r.admin.email === chair.email,
  ).adminId;
  const login = await a.http("POST", "/api/admin/login", chair, "");
  const token = decodeURIComponent(login.setCookie!.split(";")[0]!.split("=")[1]!);

  const socket = a.socket(`admin:${token}`);
  let closes = 0;
  socket.onClose(() => void closes++);
  const onA = socket.channel(`event:${eventA}:admin`, {});
  const dashboardA = socket.channel(`dashboard:${eventA}`, {});
  const onB = socket.channel(`event:${eventB}:admin`, {});
  for (const channel of [onA, dashboardA, onB]) expect((await joined(channel)).status).toBe("ok");
  const [errorsA, errorsDashboardA, errorsB] = [errorsOf(onA), errorsOf(dashboardA), errorsOf(onB)];

  // No role in C: 404, and nothing anywhere ends.
  expect((await a.http("DELETE", `/api/events/${eventC}/roles/${adminId}`)).status).toBe(404);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect([errorsA(), errorsDashboardA(), errorsB(), closes]).toEqual([0, 0, 0, 0]);

  expect((await a.http("DELETE", `/api/events/${eventA}/roles/${adminId}`)).status).toBe(204);
  await eventually(() => errorsA() > 0 && errorsDashboardA() > 0, 3000, "event A's channels end");
  // Joins are checked again: refused now.
  const again = await joined(socket.channel(`event:${eventA}:admin`, {}));
  expect(again).toMatchObject({ status: "error", response: { reason: "forbidden" } });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect([errorsB(), closes, onB.state]).toEqual([0, 0, "joined"]);
  expect(socket.isConnected()).toBe(true);
});
