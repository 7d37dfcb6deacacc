import { useEffect, useState } from "preact/hooks";
import { operationsRoutes } from "../../../src/api/routes/operations.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";

const POLL_MS = 2000;

interface TreeChild {
  id: string;
  state: string;
  restarts: number;
  details?: { polls?: number; errors?: number; lastPollAt?: number | null; lastDurationMs?: number | null };
}

interface Dashboard {
  key: string;
  running: boolean;
  viewers: number;
  since: number | null;
  graceEndsAt: number | null;
  lease: { owner: string; expiresAt: number } | null;
  tree: { state?: string; children?: TreeChild[] } | null;
}

/** What this page reads of the status (dashboard trees are the engine's, untyped on the wire). */
interface OpsStatus {
  node: string;
  engine: Record<string, number>;
  presence?: { topics: number; presences: number; nodes: number };
  dashboards: { at: number; keys: Dashboard[] };
}

const engineFields = [
  "sockets",
  "channels",
  "queueBytes",
  "messagesIn",
  "messagesOut",
  "coalesced",
  "dropped",
  "slowConsumerCloses",
] as const;
const presenceFields = ["topics", "presences", "nodes"] as const;

/** Wall-clock time of an epoch-ms stamp, to the second (these change every few seconds). */
const clock = (ms: number | null | undefined): string => (ms ? new Date(ms).toLocaleTimeString(undefined, { hour12: false }) : "—");

const milliseconds = (ms: number | null | undefined): string => (typeof ms === "number" ? ms.toFixed(1) : "—");

/** `GET /api/ops/status` every two seconds while mounted; a request never overlaps the previous one. */
function useOpsStatus(): { status: OpsStatus | null; error: unknown } {
  const [status, setStatus] = useState<OpsStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let active = true;
    const poll = () => {
      call(operationsRoutes.opsStatus, {})
        .then(
          (answer) => {
            if (!active) return;
            setStatus(answer as OpsStatus);
            setError(null);
          },
          (caught: unknown) => active && setError(caught),
        )
        .finally(() => {
          if (active) timer = setTimeout(poll, POLL_MS);
        });
    };
    poll();
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, []);
  return { status, error };
}

function Numbers({
  title,
  values,
  fields,
  prefix,
}: {
  title: string;
  values: Record<string, number>;
  fields: readonly string[];
  prefix: "ops.engine" | "ops.presence";
}) {
  return (
    <section aria-labelledby={`${prefix}-title`} class="card">
      <h2 id={`${prefix}-title`}>{title}</h2>
      <dl class="counts ops-numbers">
        {fields.map((field) => (
          <div key={field}>
            <dt>{t(`${prefix}.${field}` as Parameters<typeof t>[0])}</dt>
            <dd data-testid={`${prefix}-${field}`}>{(values[field] ?? 0).toLocaleString()}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** `/admin/ops`: what this node carries right now, for whoever runs the servers on the day. */
export function OpsPage() {
  const { status, error } = useOpsStatus();
  return (
    <main class="ops">
      <h1>{t("ops.title")}</h1>
      <ErrorText error={error} />
      {!status && !error && <Busy />}
      {status && (
        <div class="stack">
          <p>
            {t("ops.node")} <code data-testid="ops-node">{status.node}</code> · {t("ops.updated", { time: clock(status.dashboards.at) })}
          </p>
          <Numbers title={t("ops.engineTitle")} values={status.engine} fields={engineFields} prefix="ops.engine" />
          {status.presence && (
            <Numbers title={t("ops.presenceTitle")} values={status.presence} fields={presenceFields} prefix="ops.presence" />
          )}
          <section aria-labelledby="ops-dashboards" class="card">
            <h2 id="ops-dashboards">{t("ops.dashboards")}</h2>
            {status.dashboards.keys.length === 0 ? (
              <p class="muted">{t("ops.noDashboards")}</p>
            ) : (
              <div class="table-wrap">
                <table data-testid="ops-dashboards">
                  <thead>
                    <tr>
                      <th scope="col">{t("ops.key")}</th>
                      <th scope="col">{t("ops.owner")}</th>
                      <th scope="col">{t("ops.viewers")}</th>
                      <th scope="col">{t("ops.workers")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {status.dashboards.keys.map((dashboard) => (
                      <tr key={dashboard.key}>
                        <td>
                          <code>{dashboard.key}</code>
                          {dashboard.graceEndsAt !== null && (
                            <div class="muted">{t("ops.grace", { time: clock(dashboard.graceEndsAt) })}</div>
                          )}
                        </td>
                        <td>
                          {dashboard.lease?.owner ?? "—"}
                          {dashboard.running && <span class="pill">{t("ops.here")}</span>}
                        </td>
                        <td>{dashboard.viewers}</td>
                        <td>
                          {dashboard.tree?.children?.length ? (
                            <ul class="plain">
                              {dashboard.tree.children.map((child) => (
                                <li key={child.id}>
                                  {t("ops.worker", {
                                    id: child.id,
                                    state: child.state,
                                    time: clock(child.details?.lastPollAt),
                                    ms: milliseconds(child.details?.lastDurationMs),
                                    restarts: child.restarts,
                                  })}
                                </li>
                              ))}
                            </ul>
                          ) : (
                            <span class="muted">{t("ops.notHere")}</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      )}
    </main>
  );
}
