import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually } from "../../../../packages/realtime/test/helpers.ts";
import { Assembly, joined } from "./fixture.ts";

/** Ending an admin's sessions ends their live sockets too, on every node; a socket whose session lives on reconnects. */
let a: Assembly;
let eventId: string;
beforeAll(async () => {
  a = await Assembly.start();
  await a.loginOwner();
  eventId = (await a.http("POST", "/api/events", { name: "Sessions" })).json.event.id;
});
afterAll(() => a.close());

let admins = 0;
/** A chair of the event with `count` sessions (as on a laptop and a phone); returns their session tokens. */
async function chairSessions(count: number): Promise<{ password: string; tokens: string[] }> {
  const chair = { email: `chair-${(admins += 1)}@example.org`, name: "Chair", password: "chair-password-1" };
  expect((await a.http("PUT", `/api/events/${eventId}/roles`, { ...chair, role: "chair" })).status).toBe(200);
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const login = await a.http("POST", "/api/admin/login", chair, "");
    tokens.push(decodeURIComponent(login.setCookie!.split(";")[0]!.split("=")[1]!));
  }
  return { password: chair.password, tokens };
}

/** A chair's socket joined to the admin view, counting how often it closed and opened. */
async function watching(token: string) {
  const socket = a.socket(`admin:${token}`);
  const counts = { closes: 0, opens: 0 };
  socket.onClose(() => void counts.closes++);
  socket.onOpen(() => void counts.opens++);
  expect((await joined(socket.channel(`event:${eventId}:admin`, {}))).status).toBe("ok");
  return { socket, counts };
}

it("a password change closes the sockets of the other sessions; the current session's socket reconnects", async () => {
  const { password, tokens } = await chairSessions(2);
  const [laptop, phone] = [await watching(tokens[0]!), await watching(tokens[1]!)];
  const change = await a.http(
    "PUT",
    "/api/admin/password",
    { currentPassword: password, newPassword: "new-password-1" },
    `plenum_admin=${tokens[0]}`,
  );
  expect(change.status).toBe(204);
  await eventually(() => phone.counts.closes > 0 && laptop.counts.closes > 0, 3000, "sockets closed");
  // The laptop's session is still valid: it is back at once. The phone's ended: every reconnect is refused.
  await eventually(() => laptop.socket.isConnected() && laptop.counts.opens >= 2, 3000, "laptop reconnects");
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(phone.socket.isConnected()).toBe(false);
  expect(phone.counts.opens).toBe(1);
});

it("signing out everywhere closes every socket of the admin for good", async () => {
  const { tokens } = await chairSessions(2);
  const [laptop, phone] = [await watching(tokens[0]!), await watching(tokens[1]!)];
  const other = await watching(decodeURIComponent(a.adminCookie.split("=")[1]!));
  const reply = await a.http("POST", "/api/admin/sessions/revoke-all", undefined, `plenum_admin=${tokens[0]}`);
  expect(reply.json).toEqual({ ended: 2 });
  await eventually(() => laptop.counts.closes > 0 && phone.counts.closes > 0, 3000, "sockets closed");
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect([laptop.socket.isConnected(), phone.socket.isConnected(), laptop.counts.opens, phone.counts.opens]).toEqual([false, false, 1, 1]);
  // Another admin's socket is untouched.
  expect([other.socket.isConnected(), other.counts.closes]).toEqual([true, 0]);
});

it("signing out closes the admin's sockets too", async () => {
  const { tokens } = await chairSessions(1);
  const laptop = await watching(tokens[0]!);
  expect((await a.http("POST", "/api/admin/logout", undefined, `plenum_admin=${tokens[0]}`)).status).toBe(204);
  await eventually(() => laptop.counts.closes > 0, 3000, "socket closed");
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(laptop.socket.isConnected()).toBe(false);
});
