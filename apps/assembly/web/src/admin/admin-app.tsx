import { usePath } from "../router.ts";
import { AdminHeader } from "./admin-header.tsx";
import { EventConsole, isTab } from "./event-console.tsx";
import { EventList } from "./event-list.tsx";
import { RequireAdmin } from "./require-admin.tsx";

/** `/admin` and `/admin/events/<id>/<tab>`: the chair console. */
export function AdminApp() {
  const path = usePath();
  const match = /^\/admin\/events\/([^/]+)(?:\/([^/]+))?/.exec(path);
  const tab = match?.[2];
  return (
    <RequireAdmin>
      {(me, reload) => (
        <div class="admin">
          <AdminHeader me={me} onSignedOut={reload} />
          {match?.[1] ? <EventConsole key={match[1]} eventId={decodeURIComponent(match[1])} tab={tab && isTab(tab) ? tab : "setup"} /> : <EventList me={me} />}
        </div>
      )}
    </RequireAdmin>
  );
}
