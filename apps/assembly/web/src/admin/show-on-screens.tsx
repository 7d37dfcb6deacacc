import { projectorRoutes } from "../../../src/api/routes/projectors.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import type { ProjectorContent, ProjectorContentInput } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { mayChange, type ConsoleContext } from "./console-context.ts";

/** Whether a screen shows `content` already (a countdown is never "the same": setting it again restarts it). */
export const showing = (shown: ProjectorContent, content: ProjectorContentInput): boolean =>
  shown.kind !== "countdown" && JSON.stringify(shown) === JSON.stringify(content);

/** Puts `content` on one screen of the event; the screens and the previews follow through their live view. */
export function useShowOnScreen(eventId: string) {
  return useAction((projectorId: string, content: ProjectorContentInput) =>
    call(projectorRoutes.showOnProjector, { params: { eventId, projectorId }, body: { content } }),
  );
}

/** "Show on Hall", "Show on Foyer": one button per screen next to what a chair may put on it. */
export function ShowOnScreens({ ctx, content, what }: { ctx: ConsoleContext; content: ProjectorContentInput; what: string }) {
  const show = useShowOnScreen(ctx.eventId);
  const screens = ctx.projectors.model?.projectors ?? [];
  if (!mayChange(ctx) || screens.length === 0) return null;
  return (
    <div class="actions show-on-screens">
      {screens.map((screen) => (
        <button
          key={screen.id}
          type="button"
          disabled={show.busy}
          aria-pressed={showing(screen.content, content)}
          aria-label={t("projectors.showThisOn", { what, name: screen.name })}
          onClick={() => void show.run(screen.id, content)}
        >
          {t("projectors.showOn", { name: screen.name })}
        </button>
      ))}
      <ErrorText error={show.error} />
    </div>
  );
}
