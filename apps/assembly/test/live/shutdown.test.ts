import { expect, it } from "vitest";
import { eventually } from "../../../../packages/realtime/test/helpers.ts";
import { Assembly, joined } from "./fixture.ts";

/** Stopping a node: its clients are let go with 1012 (reconnect after a backoff, elsewhere), not cut off. */
it("lets the sockets of a stopping node go with 1012", async () => {
  const a = await Assembly.start();
  await a.loginOwner();
  const { eventId, tokens } = await a.event(2);
  const socket = a.socket(`participant:${tokens.get("P0")}`);
  const codes: number[] = [];
  socket.onClose((event: { code: number }) => void codes.push(event.code));
  expect((await joined(socket.channel(`event:${eventId}`, {}))).status).toBe("ok");
  await a.server.close();
  await eventually(() => codes.length > 0, 5000, "the close");
  expect(codes[0]).toBe(1012);
  expect(a.server.endpoint.socketCount).toBe(0);
  await a.close();
});
