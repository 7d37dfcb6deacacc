import type { z } from "zod";
import { newAnnouncementInput } from "../api/schemas/announcements.ts";
import { noInput } from "../api/schemas/common.ts";
import type { Announcement } from "../domain/agenda.ts";
import { adminIn, auditedCreation } from "./audit.ts";
import type { EventCommand, EventQuery } from "./command.ts";
import { eventChanged } from "./effect.ts";

export const listAnnouncements: EventQuery<object, { announcements: Announcement[] }> = {
  name: "listAnnouncements",
  permission: "event.view",
  input: noInput,
  run: async ({ store }, { event }) => ({ announcements: await store.announcements.list(event.id) }),
};

/** Publishes to every participant at once; the agenda item it is about, if any, must be of the same event. */
export const publishAnnouncement: EventCommand<z.output<typeof newAnnouncementInput>, { announcement: Announcement }> = {
  name: "publishAnnouncement",
  permission: "announcement.publish",
  input: newAnnouncementInput,
  async run({ store }, access, input) {
    const announcement = await auditedCreation(store, adminIn(access), "announcement.publish", (tx) =>
      tx.announcements.publish(access.event.id, input),
    );
    return { result: { announcement }, effects: eventChanged(access.event.id) };
  },
};
