import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api.ts";
import type { AdminRole, AssemblyEvent } from "../model.ts";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { LoginForm } from "./login-form.tsx";

export interface AdminMe {
  admin: { id: string; email: string; name: string };
  events: { event: AssemblyEvent; role: AdminRole }[];
}

/** Renders `children` for a signed-in admin, the login form otherwise. */
export function RequireAdmin({ children }: { children: (me: AdminMe, reload: () => void) => ComponentChildren }) {
  const [me, setMe] = useState<AdminMe | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    api<AdminMe>("GET", "/api/admin/me").then(
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
