import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { adminAuthRoutes } from "../../../src/api/routes/admin-auth.ts";
import { eventRoutes } from "../../../src/api/routes/events.ts";
import type { ResponseOf } from "../../../src/api/route.ts";
import { Topics } from "../../../src/api/topics.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import { useConnection, useConnectionStatus, useLiveView } from "../live/hooks.ts";
import type { AdminView, EventView, ProjectorsView, SpeakersView } from "../model.ts";
import { onLinkClick } from "../router.ts";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { StatusBanner } from "../ui/status-banner.tsx";
import { AgendaTab } from "./agenda-tab.tsx";
import { AnnouncementsTab } from "./announcements-tab.tsx";
import { AuditTab } from "./audit-tab.tsx";
import type { ConsoleContext } from "./console-context.ts";
import { useSignedOutCheck } from "../live/use-signed-out-check.ts";
import { InvitationsTab } from "./invitations-tab.tsx";
import { LiveCounts } from "./live-counts.tsx";
import { MotionsTab } from "./motions-tab.tsx";
import { ParticipantsTab } from "./participants-tab.tsx";
import { ElectionsTab } from "./elections-tab.tsx";
import { PollsTab } from "./polls-tab.tsx";
import { ProjectorsTab } from "./projectors-tab.tsx";
import { RolesTab } from "./roles-tab.tsx";
import { SpeakersTab } from "./speakers-tab.tsx";
import { SetupTab } from "./setup-tab.tsx";

const tabs = {
  setup: SetupTab,
  participants: ParticipantsTab,
  invitations: InvitationsTab,
  agenda: AgendaTab,
  announcements: AnnouncementsTab,
  polls: PollsTab,
  motions: MotionsTab,
  speakers: SpeakersTab,
  elections: ElectionsTab,
  projectors: ProjectorsTab,
  roles: RolesTab,
  audit: AuditTab,
} as const;

export type Tab = keyof typeof tabs;

export const isTab = (name: string): name is Tab => Object.hasOwn(tabs, name);

type EventInfo = ResponseOf<typeof eventRoutes.getEvent>;

/**
 * One event in the console: live counts on top, a tab per task below.
 * `onSignedOut` runs when the session ended elsewhere (signed out in another
 * window: the server closed this console's socket too).
 */
export function EventConsole({ eventId, tab, onSignedOut }: { eventId: string; tab: Tab; onSignedOut: () => void }) {
  const [info, setInfo] = useState<EventInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    call(eventRoutes.getEvent, { params: { eventId } }).then(setInfo, setError);
  }, [eventId]);
  useEffect(reload, [reload]);
  const connection = useConnection("admin");
  const status = useConnectionStatus(connection);
  useSignedOutCheck(status, adminAuthRoutes.adminMe, onSignedOut);
  const admin = useLiveView<AdminView>(connection, Topics.admin(eventId));
  const live = useLiveView<EventView>(connection, Topics.event(eventId));
  const speakers = useLiveView<SpeakersView>(connection, Topics.speakers(eventId));
  const projectors = useLiveView<ProjectorsView>(connection, Topics.projectors(eventId));
  // On a phone the tab strip scrolls sideways: the open tab is kept in sight.
  const strip = useRef<HTMLElement>(null);
  useEffect(() => {
    strip.current?.querySelector("[aria-current=page]")?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [tab, info !== null]);

  if (error)
    return (
      <main>
        <ErrorText error={error} />
      </main>
    );
  if (!info)
    return (
      <main>
        <Busy />
      </main>
    );
  const context: ConsoleContext = { eventId, ...info, reload, admin, live, connection, speakers, projectors };
  const Content = tabs[tab];
  return (
    <>
      <StatusBanner status={status} />
      <main class="console">
        <div class="console-head">
          <h1>{info.event.name}</h1>
          <span class={`pill status-${info.event.status}`}>{t(`event.status.${info.event.status}`)}</span>
          <span class="muted">{t(`role.${info.role}`)}</span>
          <a href={`/projector/${encodeURIComponent(eventId)}`} target="_blank" rel="noopener">
            {t("admin.projector")}
          </a>
          <a href={`/dashboard/${encodeURIComponent(eventId)}`} target="_blank" rel="noopener">
            {t("admin.dashboard")}
          </a>
        </div>
        {info.role === "observer" && <p class="notice">{t("observer.readOnly")}</p>}
        <LiveCounts admin={admin.model} />
        <nav aria-label={t("admin.sections")} class="tabs" ref={strip}>
          {(Object.keys(tabs) as Tab[]).map((name) => (
            <a
              key={name}
              href={`/admin/events/${encodeURIComponent(eventId)}/${name}`}
              onClick={onLinkClick}
              aria-current={name === tab ? "page" : undefined}
            >
              {t(`tab.${name}`)}
            </a>
          ))}
        </nav>
        <section class="tab-panel" aria-label={t(`tab.${tab}`)}>
          <Content ctx={context} />
        </section>
      </main>
    </>
  );
}
