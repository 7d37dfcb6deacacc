import { eventRoutes } from "../../../src/api/routes/events.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import { navigate, onLinkClick } from "../router.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import type { AdminMe } from "./require-admin.tsx";
import { SubmitForm } from "../ui/submit-form.tsx";

/** `/admin`: the admin's events and a form to create one. */
export function EventList({ me }: { me: AdminMe }) {
  const create = useAction(async (form: HTMLFormElement) => {
    const name = String(new FormData(form).get("name") ?? "");
    const { event } = await call(eventRoutes.createEvent, { body: { name } });
    navigate(`/admin/events/${event.id}/setup`);
  });
  return (
    <main>
      <h1>{t("admin.events")}</h1>
      {me.events.length === 0 ? (
        <p class="muted">{t("admin.noEvents")}</p>
      ) : (
        <ul class="event-list">
          {me.events.map(({ event, role }) => (
            <li key={event.id}>
              <a href={`/admin/events/${event.id}/setup`} onClick={onLinkClick}>
                {event.name}
              </a>{" "}
              <span class="muted">
                {t(`event.status.${event.status}`)} · {t(`role.${role}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("admin.createEvent")}</h2>
      <SubmitForm action={create} class="inline">
        <label>
          {t("admin.eventName")}
          <input name="name" required maxLength={200} />
        </label>
        <button type="submit" class="primary" disabled={create.busy}>
          {t("admin.create")}
        </button>
      </SubmitForm>
      <ErrorText error={create.error} />
    </main>
  );
}
