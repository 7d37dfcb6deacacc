import { useEffect, useMemo, useState } from "preact/hooks";
import type uPlot from "uplot";
import { Topics } from "../../../src/api/topics.ts";
import { RequireAdmin } from "../admin/require-admin.tsx";
import { t } from "./dashboard-texts.ts";
import { useConnection, useConnectionStatus } from "../live/hooks.ts";
import { StatusBanner } from "../ui/status-banner.tsx";
import { UplotChart } from "./uplot-chart.tsx";

interface Keyed {
  key: string | null;
  present: number;
  total: number;
}

interface ActivityRow {
  id: string;
  title: string;
  ballots: number;
}

/** The datasets of `dashboard:<eventId>` (see apps/assembly/src/live/dashboard.ts); null until the first arrives. */
interface Datasets {
  attendance: { at: string; present: number; checkIns: number; checkOuts: number }[] | null;
  presentBy: { group: Keyed[]; region: Keyed[] } | null;
  ballots: {
    turnout: { pollId: string; title: string; count: number; eligibleCount: number }[];
    perMinute: { pollId: string; minutes: { minute: string; count: number }[] }[];
  } | null;
  activity: { polls: ActivityRow[]; agendaItems: ActivityRow[] } | null;
}

const empty: Datasets = { attendance: null, presentBy: null, ballots: null, activity: null };
const seconds = (iso: string) => Date.parse(iso) / 1000;

function KeyedTable({ caption, rows }: { caption: string; rows: Keyed[] }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("participants.name")}</th>
          <th scope="col">{t("dashboard.present")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key ?? ""}>
            <th scope="row">{row.key ?? t("dashboard.none")}</th>
            <td>
              <span class="bar-track small" aria-hidden="true">
                <span class="bar-fill" style={{ width: `${row.total ? Math.round((row.present / row.total) * 100) : 0}%` }} />
              </span>{" "}
              {row.present} / {row.total}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ActivityTable({ caption, rows }: { caption: string; rows: ActivityRow[] }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("field.title")}</th>
          <th scope="col">{t("dashboard.ballots")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <th scope="row">{row.title}</th>
            <td>{row.ballots}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Dashboard({ eventId }: { eventId: string }) {
  const connection = useConnection("admin");
  const status = useConnectionStatus(connection);
  const [data, setData] = useState<Datasets>(empty);
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => {
    if (!connection) return;
    const channel = connection.socket.channel(Topics.dashboard(eventId), {});
    channel.on("dataset", ({ name, data: value }: { name: keyof Datasets; data: unknown }) =>
      setData((current) => ({ ...current, [name]: value })),
    );
    // After each (re)join the server sends the latest of every dataset as `dataset` events; until
    // then the charts keep what they show, so a reconnect does not blank them.
    channel
      .join()
      .receive("ok", () => setRefused(null))
      .receive("error", (reply: { reason?: string }) => setRefused(reply?.reason ?? "refused"));
    return () => channel.leave();
  }, [connection, eventId]);

  const attendance = useMemo<uPlot.AlignedData>(() => {
    const points = data.attendance ?? [];
    return [points.map((point) => seconds(point.at)), points.map((point) => point.present), points.map((point) => point.checkIns)];
  }, [data.attendance]);
  const poll = data.ballots?.turnout[0];
  const perMinute = useMemo<uPlot.AlignedData>(() => {
    const minutes = data.ballots?.perMinute.find((entry) => entry.pollId === poll?.pollId)?.minutes ?? [];
    return [minutes.map((minute) => seconds(minute.minute)), minutes.map((minute) => minute.count)];
  }, [data.ballots, poll?.pollId]);
  const latest = data.attendance?.at(-1);

  return (
    <div class="dashboard">
      <StatusBanner status={status} />
      <main>
        <h1>{t("dashboard.title")}</h1>
        {refused && (
          <p role="alert" class="error">
            {t("dashboard.refused")}
          </p>
        )}
        <div class="grid">
          <figure class="card" data-testid="dataset-attendance">
            <figcaption>
              <h2>{t("dashboard.attendance")}</h2>
              <p>{latest ? t("dashboard.presentNow", { present: latest.present }) : t("dashboard.waiting")}</p>
            </figcaption>
            <UplotChart
              data={attendance}
              series={[
                { label: t("dashboard.present"), stroke: "#1d3557" },
                { label: t("dashboard.checkIns"), stroke: "#2a7f62" },
              ]}
            />
          </figure>
          <figure class="card" data-testid="dataset-presentBy">
            <figcaption>
              <h2>{t("dashboard.presentBy")}</h2>
            </figcaption>
            {data.presentBy ? (
              <div class="two">
                <KeyedTable caption={t("participants.group")} rows={data.presentBy.group} />
                <KeyedTable caption={t("participants.region")} rows={data.presentBy.region} />
              </div>
            ) : (
              <p>{t("dashboard.waiting")}</p>
            )}
          </figure>
          <figure class="card" data-testid="dataset-ballots">
            <figcaption>
              <h2>{t("dashboard.ballotsPerMinute")}</h2>
              <p>
                {poll
                  ? `${poll.title}: ${t("poll.turnout", { count: poll.count, eligible: poll.eligibleCount })}`
                  : t("dashboard.noOpenPoll")}
              </p>
            </figcaption>
            <UplotChart
              data={perMinute}
              series={[{ label: t("dashboard.ballots"), stroke: "#b5179e", fill: "rgba(181,23,158,0.3)", bars: true }]}
            />
          </figure>
          <figure class="card" data-testid="dataset-activity">
            <figcaption>
              <h2>{t("dashboard.activity")}</h2>
            </figcaption>
            {data.activity ? (
              <div class="two">
                <ActivityTable caption={t("dashboard.topPolls")} rows={data.activity.polls} />
                <ActivityTable caption={t("dashboard.topAgenda")} rows={data.activity.agendaItems} />
              </div>
            ) : (
              <p>{t("dashboard.waiting")}</p>
            )}
          </figure>
        </div>
      </main>
    </div>
  );
}

/** `/dashboard/<eventId>`: the live dashboard, four datasets pushed by supervised SQL pollers. */
export function DashboardPage({ eventId }: { eventId: string }) {
  return <RequireAdmin>{() => <Dashboard eventId={eventId} />}</RequireAdmin>;
}
