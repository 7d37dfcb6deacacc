import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { adminAuthRoutes } from "../../../src/api/routes/admin-auth.ts";
import type { ResponseOf } from "../../../src/api/route.ts";
import { ApiError, call } from "../api.ts";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { LoginForm } from "./login-form.tsx";

export type AdminMe = ResponseOf<typeof adminAuthRoutes.adminMe>;

/** Renders `children` for a signed-in admin, the login form otherwise. */
export function RequireAdmin({ children }: { children: (me: AdminMe, reload: () => void) => ComponentChildren }) {
  const [me, setMe] = useState<AdminMe | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    call(adminAuthRoutes.adminMe, {}).then(
      (answer) => {
        setError(null);
        setMe(answer);
      },
      (caught: unknown) => {
        setMe(null);
        setError(caught);
      },
    );
  }, []);
  useEffect(reload, [reload]);
  if (error instanceof ApiError && error.status === 401) return <LoginForm onSignedIn={reload} />;
  if (error)
    return (
      <main class="narrow">
        <ErrorText error={error} />
      </main>
    );
  if (!me)
    return (
      <main class="narrow">
        <Busy />
      </main>
    );
  return <>{children(me, reload)}</>;
}
