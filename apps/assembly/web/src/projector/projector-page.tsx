import { Topics } from "../../../src/api/topics.ts";
import { t } from "../i18n.ts";
import { useConnection, useConnectionStatus, useLiveView } from "../live/hooks.ts";
import type { EventView, MotionListView, ProjectorsView, SpeakersView } from "../model.ts";
import { RequireAdmin } from "../admin/require-admin.tsx";
import { Busy } from "../ui/busy.tsx";
import { StatusBanner } from "../ui/status-banner.tsx";
import { ProjectorScreen } from "./projector-screen.tsx";

function Projection({ eventId, projectorId }: { eventId: string; projectorId: string | null }) {
  const connection = useConnection("admin");
  const status = useConnectionStatus(connection);
  const live = useLiveView<EventView>(connection, Topics.event(eventId));
  const speakers = useLiveView<SpeakersView>(connection, Topics.speakers(eventId));
  const screens = useLiveView<ProjectorsView>(connection, projectorId === null ? null : Topics.projectors(eventId));
  const screen = screens.model?.projectors.find((candidate) => candidate.id === projectorId) ?? null;
  const motions = useLiveView<MotionListView>(connection, screen?.content.kind === "motion" ? Topics.motions(eventId) : null);
  const view = live.model;
  const refused = live.state === "refused" || screens.state === "refused";
  if (!view || (projectorId !== null && !screens.model))
    return <main class="projector">{refused ? <p role="alert">{t("projector.refused")}</p> : <Busy />}</main>;
  if (projectorId !== null && !screen)
    return (
      <main class="projector">
        <p role="alert">{t("projector.removed")}</p>
      </main>
    );
  return (
    <main class="projector">
      {status !== "online" && <StatusBanner status={status} />}
      <ProjectorScreen eventId={eventId} screen={screen} sources={{ view, speakers: speakers.model, motions: motions.model }} />
    </main>
  );
}

/**
 * `/projector/<eventId>`: the hall screen following the day, readable from
 * the back row; `/projector/<eventId>/<projectorId>`: one named screen,
 * showing what the chairs chose for it. Either needs a signed-in admin of the event.
 */
export function ProjectorPage({ eventId, projectorId }: { eventId: string; projectorId: string | null }) {
  return <RequireAdmin>{() => <Projection eventId={eventId} projectorId={projectorId} />}</RequireAdmin>;
}
