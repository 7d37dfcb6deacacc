import { useEffect, useState } from "preact/hooks";
import { participantRoutes } from "../../../src/api/routes/participants.ts";
import { proxyRoutes } from "../../../src/api/routes/proxies.ts";
import { ApiError, call } from "../api.ts";
import { t } from "./console-texts.ts";
import type { ParticipantRow } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { useFetched } from "./use-fetched.ts";
import { SubmitForm } from "../ui/submit-form.tsx";

/** The participant with exactly this email (chairs type emails: they are unique per event, names are not). */
async function byEmail(eventId: string, email: string): Promise<ParticipantRow> {
  const wanted = email.trim().toLowerCase();
  const page = await call(participantRoutes.listParticipants, { params: { eventId }, query: { search: wanted, limit: 20 } });
  const found = page.items.find((row) => row.email.toLowerCase() === wanted);
  if (!found) throw new ApiError(404, "not_found", t("proxies.unknownEmail", { email: wanted }));
  return found;
}

/** Proxy votes as the chairs record them: list; with `manage`, grant by email and revoke. */
export function ProxyPanel({ eventId, version, manage }: { eventId: string; version: number; manage: boolean }) {
  const proxies = useFetched(proxyRoutes.listProxies, { params: { eventId } });
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(proxies.reload, [version]);
  // Delegations are few: naming them one request each is cheaper than loading the whole list.
  useEffect(() => {
    const ids = new Set((proxies.data?.proxies ?? []).flatMap((proxy) => [proxy.principalId, proxy.delegateId]));
    for (const id of ids) {
      if (names[id]) continue;
      call(participantRoutes.getParticipant, { params: { eventId, participantId: id } }).then(
        ({ participant }) => setNames((current) => ({ ...current, [id]: participant.name })),
        () => undefined,
      );
    }
  }, [proxies.data]);
  const grant = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const [principal, delegate] = await Promise.all([
      byEmail(eventId, String(data.get("principal") ?? "")),
      byEmail(eventId, String(data.get("delegate") ?? "")),
    ]);
    await call(proxyRoutes.grantProxy, { params: { eventId }, body: { principalId: principal.id, delegateId: delegate.id } });
    form.reset();
    proxies.reload();
  });
  const revoke = useAction(async (principalId: string) => {
    await call(proxyRoutes.revokeProxy, { params: { eventId, principalId } });
    proxies.reload();
  });
  const list = proxies.data?.proxies ?? [];
  return (
    <div class="stack">
      <h2>{t("proxies.title")}</h2>
      <ErrorText error={proxies.error ?? revoke.error} />
      {list.length === 0 ? (
        <p class="muted">{t("proxies.none")}</p>
      ) : (
        <ul>
          {list.map((proxy) => {
            const principal = names[proxy.principalId] ?? "…";
            return (
              <li key={proxy.principalId}>
                {t("proxies.entry", { principal, delegate: names[proxy.delegateId] ?? "…" })}{" "}
                {manage && (
                  <button
                    type="button"
                    disabled={revoke.busy}
                    onClick={() => void revoke.run(proxy.principalId)}
                    aria-label={t("proxies.revokeFor", { name: principal })}
                  >
                    {t("invitations.revoke")}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {manage && (
        <SubmitForm action={grant} class="inline">
          <label>
            {t("proxies.principal")}
            <input name="principal" type="email" required />
          </label>
          <label>
            {t("proxies.delegate")}
            <input name="delegate" type="email" required />
          </label>
          <button type="submit" disabled={grant.busy}>
            {t("proxies.grant")}
          </button>
        </SubmitForm>
      )}
      <ErrorText error={grant.error} />
    </div>
  );
}
