import type { ProjectorsView } from "../api/views.ts";
import type { Announcement } from "../domain/agenda.ts";
import type { Projector } from "../domain/projector.ts";
import type { Store } from "../store/store.ts";

async function shownAnnouncement(store: Store, projector: Projector): Promise<Announcement | null> {
  if (projector.content.kind !== "announcement") return null;
  const announcement = await store.announcements.get(projector.content.announcementId);
  // Withdrawn is gone from every screen, as from the phones.
  return announcement.withdrawnAt === null ? announcement : null;
}

export async function renderProjectorsView(store: Store, eventId: string): Promise<ProjectorsView> {
  const projectors = await store.projectors.list(eventId);
  return {
    projectors: await Promise.all(
      projectors.map(async (projector) => {
        const announcement = await shownAnnouncement(store, projector);
        const { id, name, content, changedAt } = projector;
        return {
          id,
          name,
          content,
          changedAt,
          announcement: announcement && {
            id: announcement.id,
            title: announcement.title,
            body: announcement.body,
            publishedAt: announcement.publishedAt,
            editedAt: announcement.editedAt,
          },
        };
      }),
    ),
  };
}
