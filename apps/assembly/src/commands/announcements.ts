import type { z } from "zod";
import { announcementEditInput, announcementRef, newAnnouncementInput } from "../api/schemas/announcements.ts";
import { noInput } from "../api/schemas/common.ts";
import type { Announcement } from "../domain/agenda.ts";
import { DomainError } from "../domain/errors.ts";
import type { StoreOperations } from "../store/store.ts";
import type { EventAccess } from "./actor.ts";
import { adminIn, auditedCreation, auditedUpdate } from "./audit.ts";
import type { EventCommand, EventQuery } from "./command.ts";
import { eventChanged } from "./effect.ts";
import { announcementOf } from "./scoped.ts";

export const listAnnouncements: EventQuery<object, { announcements: Announcement[] }> = {
  name: "listAnnouncements",
  permission: "event.view",
  input: noInput,
  run: async ({ store }, { event }) => ({ announcements: await store.announcements.list(event.id) }),
};

/** A closed event's record is final: nothing is announced, corrected or withdrawn after the close. */
function refuseClosed(access: EventAccess): void {
  if (access.event.status === "closed")
    throw new DomainError("event_closed", "the event is closed: its announcements are part of the record now");
}

/** Publishes to every participant at once; the agenda item it is about, if any, must be of the same event. */
export const publishAnnouncement: EventCommand<z.output<typeof newAnnouncementInput>, { announcement: Announcement }> = {
  name: "publishAnnouncement",
  permission: "announcement.publish",
  input: newAnnouncementInput,
  async run({ store }, access, input) {
    refuseClosed(access);
    const announcement = await auditedCreation(store, adminIn(access), "announcement.publish", (tx) =>
      tx.announcements.publish(access.event.id, input),
    );
    return { result: { announcement }, effects: eventChanged(access.event.id) };
  },
};

/** A change to a published announcement, audited with before and after; participants see the new state at once. */
function announcementChange<Input extends { announcementId: string }>(
  name: string,
  action: string,
  input: z.ZodType<Input>,
  change: (tx: StoreOperations, input: Input) => Promise<Announcement>,
): EventCommand<Input, { announcement: Announcement }> {
  return {
    name,
    permission: "announcement.publish",
    input,
    async run({ store }, access, value) {
      refuseClosed(access);
      const eventId = access.event.id;
      const announcement = await auditedUpdate(
        store,
        adminIn(access),
        action,
        value.announcementId,
        (tx) => announcementOf(tx, eventId, value.announcementId),
        (tx) => change(tx, value),
      );
      return { result: { announcement }, effects: eventChanged(eventId) };
    },
  };
}

/** Corrects a typo or a wrong time; participants see that it was edited. */
export const editAnnouncement = announcementChange("editAnnouncement", "announcement.edit", announcementEditInput, (tx, input) =>
  tx.announcements.edit(input.announcementId, input),
);

/** Takes an announcement back from participants' screens; the record keeps it, marked withdrawn. */
export const withdrawAnnouncement = announcementChange("withdrawAnnouncement", "announcement.withdraw", announcementRef, (tx, input) =>
  tx.announcements.withdraw(input.announcementId),
);
