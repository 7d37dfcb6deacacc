import type { z } from "zod";
import type { EventCounts, EventWithRole } from "../api/routes/events.ts";
import { noInput } from "../api/schemas/common.ts";
import { eventPatchInput, newEventInput } from "../api/schemas/events.ts";
import type { AssemblyEvent, EventStatus } from "../domain/event.ts";
import { actorOf } from "./actor.ts";
import { adminIn, audited } from "./audit.ts";
import type { AdminCommand, AdminQuery, EventCommand, EventQuery } from "./command.ts";
import { eventChanged, unwatched } from "./effect.ts";

type EventAnswer = { event: AssemblyEvent };

/** The events the admin has a role in, with that role. */
export const listEvents: AdminQuery<object, { events: EventWithRole[] }> = {
  name: "listEvents",
  input: noInput,
  run: async ({ store }, admin) => ({ events: await store.admins.listEvents(admin.id) }),
};

/** Any signed-in admin may create an event, and becomes its owner. */
export const createEvent: AdminCommand<z.output<typeof newEventInput>, EventWithRole> = {
  name: "createEvent",
  input: newEventInput,
  async run({ store }, admin, input) {
    // Event, owner role and audit entry commit together: no event is left without an owner.
    const event = await store.transaction(async (tx) => {
      const created = await tx.events.create(input);
      await tx.roles.grant(created.id, admin.id, "owner");
      await tx.audit.append({ eventId: created.id, actor: actorOf(admin), action: "event.create", after: created });
      return created;
    });
    return { result: { event, role: "owner" }, effects: unwatched("a new event has no viewers yet") };
  },
};

/** The event with the caller's role and its counts; opening it asks first with these. */
export const getEvent: EventQuery<object, EventWithRole & { counts: EventCounts }> = {
  name: "getEvent",
  permission: "event.view",
  input: noInput,
  async run({ store }, { event, role }) {
    const [counts, invited] = await Promise.all([store.participants.count(event.id), store.invitations.countInvited(event.id)]);
    return { event, role, counts: { ...counts, invited } };
  },
};

/** Name, time zone and settings (owners only). */
export const updateEvent: EventCommand<z.output<typeof eventPatchInput>, EventAnswer> = {
  name: "updateEvent",
  permission: "event.update",
  input: eventPatchInput,
  async run({ store }, access, patch) {
    const eventId = access.event.id;
    const event = await audited(store, adminIn(access), "event.update", async (tx) => {
      const before = await tx.events.get(eventId);
      const after = await tx.events.update(eventId, patch);
      return { result: after, audit: { before, after } };
    });
    return { result: { event }, effects: eventChanged(eventId) };
  },
};

/** Opening or closing the event; the domain's state machine refuses the other steps. */
function eventStep(verb: "open" | "close", status: EventStatus): EventCommand<object, EventAnswer> {
  return {
    name: `${verb}Event`,
    permission: "event.status",
    input: noInput,
    async run({ store }, access) {
      const eventId = access.event.id;
      const event = await audited(store, adminIn(access), `event.${verb}`, async (tx) => {
        const before = await tx.events.get(eventId);
        const after = await tx.events.setStatus(eventId, status);
        return { result: after, audit: { before: { status: before.status }, after: { status } } };
      });
      return { result: { event }, effects: eventChanged(eventId) };
    },
  };
}

export const openEvent = eventStep("open", "open");
export const closeEvent = eventStep("close", "closed");
