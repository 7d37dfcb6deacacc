import { usePath } from "../router.ts";
import { AdminHeader } from "./admin-header.tsx";
import { EventConsole, isTab } from "./event-console.tsx";
import { EventList } from "./event-list.tsx";
import { OpsPage } from "./ops-page.tsx";
import { RequireAdmin } from "./require-admin.tsx";

/** `/admin`, `/admin/events/<id>/<tab>` (the chair console) and `/admin/ops` (this node's operating numbers). */
export function AdminApp() {
  const path = usePath();
  const match = /^\/admin\/events\/([^/]+)(?:\/([^/]+))?/.exec(path);
  const tab = match?.[2];
  const ops = /^\/admin\/ops\/?$/.test(path);
  return (
    <RequireAdmin>
      {(me, reload) => (
        <div class="admin">
          <AdminHeader me={me} onSignedOut={reload} />
          {match?.[1] ? (
            <EventConsole
              key={match[1]}
              eventId={decodeURIComponent(match[1])}
              tab={tab && isTab(tab) ? tab : "setup"}
              onSignedOut={reload}
            />
          ) : ops ? (
            <OpsPage />
          ) : (
            <EventList me={me} />
          )}
        </div>
      )}
    </RequireAdmin>
  );
}
