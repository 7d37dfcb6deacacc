import type { ComponentChildren } from "preact";
import type { Announcement } from "../../../src/domain/agenda.ts";
import { formatTime, t } from "../i18n.ts";

type Shown = Pick<Announcement, "title" | "body" | "publishedAt" | "editedAt"> & { readonly withdrawnAt?: string | null };

/** One announcement as participants and chairs read it: when it was published, and whether it was corrected or withdrawn. */
export function AnnouncementCard({
  announcement,
  timezone,
  children,
}: {
  announcement: Shown;
  timezone: string;
  children?: ComponentChildren;
}) {
  const { title, body, publishedAt, editedAt, withdrawnAt } = announcement;
  return (
    <article class={withdrawnAt ? "announcement withdrawn" : "announcement"}>
      <h3>{title}</h3>
      <p class="muted">
        <time dateTime={publishedAt}>{formatTime(publishedAt, timezone)}</time>
        {editedAt && ` · ${t("announcement.edited", { time: formatTime(editedAt, timezone) })}`}
        {withdrawnAt && ` · ${t("announcement.withdrawnAt", { time: formatTime(withdrawnAt, timezone) })}`}
      </p>
      <p class="pre">{body}</p>
      {children}
    </article>
  );
}
