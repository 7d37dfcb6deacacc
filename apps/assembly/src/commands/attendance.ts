import type { PresenceAnswer } from "../api/routes/participants.ts";
import { noInput } from "../api/schemas/common.ts";
import { participantRef } from "../api/schemas/invitations.ts";
import { checkInRefusal } from "../domain/attendance.ts";
import type { ParticipantActor } from "./actor.ts";
import { adminIn, audited } from "./audit.ts";
import type { Command, EventCommand } from "./command.ts";
import { participantChanged } from "./participants.ts";
import { participantOf } from "./scoped.ts";

/*
 * Checking in and out (see domain/attendance.ts): chairs for anyone of the
 * event (audited), participants for themselves ("I am here"), check-ins only
 * while the event is open. A chair's check-out stands until the member
 * checks in again themselves: nothing else checks anyone in. A flip
 * re-renders the chairs' lists and the participant's own view.
 */

const adminPresence = (present: boolean): EventCommand<{ participantId: string }, PresenceAnswer> => ({
  name: present ? "checkIn" : "checkOut",
  permission: "attendance.manage",
  input: participantRef,
  async run({ store }, access, { participantId }) {
    const eventId = access.event.id;
    if (present) {
      const refusal = checkInRefusal(access.event.status);
      if (refusal) throw refusal;
    }
    const by = { kind: "chair", adminId: access.admin.id } as const;
    const changed = await audited(store, adminIn(access), present ? "attendance.check_in" : "attendance.check_out", async (tx) => {
      await participantOf(tx, eventId, participantId);
      const flipped = present ? await tx.attendance.checkIn(participantId, by) : await tx.attendance.checkOut(participantId, by);
      return { result: flipped, audit: flipped ? { subject: participantId } : null };
    });
    return { result: { present, changed }, effects: participantChanged(eventId, participantId) };
  },
});

export const checkIn = adminPresence(true);
export const checkOut = adminPresence(false);

const member = { kind: "member" } as const;

export const selfCheckIn: Command<ParticipantActor, object, PresenceAnswer> = {
  name: "selfCheckIn",
  input: noInput,
  async run({ store }, { eventId, participantId }) {
    const refusal = checkInRefusal((await store.events.get(eventId)).status);
    if (refusal) throw refusal;
    const changed = await store.attendance.checkIn(participantId, member);
    return { result: { present: true, changed }, effects: participantChanged(eventId, participantId) };
  },
};

export const selfCheckOut: Command<ParticipantActor, object, PresenceAnswer> = {
  name: "selfCheckOut",
  input: noInput,
  async run({ store }, { eventId, participantId }) {
    const changed = await store.attendance.checkOut(participantId, member);
    return { result: { present: false, changed }, effects: participantChanged(eventId, participantId) };
  },
};
