import { useCallback, useEffect, useState } from "preact/hooks";
import { participantFilters, participantRoutes } from "../../../src/api/routes/participants.ts";
import type { ResponseOf } from "../../../src/api/route.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import { useChannelEvent } from "../live/hooks.ts";
import type { ParticipantRow } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { mayChange, type ConsoleContext } from "./console-context.ts";
import { InvitationCell } from "./invitation-cell.tsx";
import { ParticipantEditor } from "./participant-editor.tsx";
import { PresenceCell } from "./presence-cell.tsx";

const PAGE = 50;
type Filter = (typeof participantFilters)[number];
type Page = Pick<ResponseOf<typeof participantRoutes.listParticipants>, "items" | "total">;

/**
 * One page of participants (search, filter) — never the whole list. It is
 * refetched when the server says `participants_changed` (at most once a
 * second): a notification, then one page fetched, never a list per join; so
 * "present, not voted" for the open poll shrinks live as people vote.
 */
export function ParticipantList({ ctx, version }: { ctx: ConsoleContext; version: number }) {
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [filter, setFilter] = useState<Filter>("all");
  const everyPoll = ctx.live.model?.polls ?? [];
  // Who is present and has not voted matters only while voting is open.
  const polls = filter === "present_not_voted" ? everyPoll.filter((poll) => poll.status === "open") : everyPoll;
  const manage = mayChange(ctx);
  const [editing, setEditing] = useState<ParticipantRow | "new" | null>(null);
  const [pollId, setPollId] = useState<string>("");
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page | null>(null);
  const [changes, setChanges] = useState(0);

  // Typing settles for 300 ms before a query goes out.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, 300);
    return () => clearTimeout(timer);
  }, [search]);

  const byPoll = filter === "voted" || filter === "not_voted" || filter === "present_not_voted";
  const selectedPoll = byPoll ? ((polls.find((poll) => poll.id === pollId) ?? polls[0])?.id ?? "") : "";
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (byPoll && !selectedPoll) return setPage({ items: [], total: 0 });
    // Only the newest request may fill the table: answers can arrive out of order.
    let newest = true;
    const listed = call(participantRoutes.listParticipants, {
      params: { eventId: ctx.eventId },
      query: { filter, offset, limit: PAGE, search: query || undefined, pollId: selectedPoll || undefined },
    });
    listed.then(
      (answer) => {
        if (!newest) return;
        setPage(answer);
        setError(null);
      },
      (caught: unknown) => newest && setError(caught),
    );
    return () => {
      newest = false;
    };
  }, [ctx.eventId, query, filter, byPoll, selectedPoll, offset, version, changes]);
  const refetch = useCallback(() => setChanges((count) => count + 1), []);
  useChannelEvent(ctx.admin.view, "participants_changed", refetch);

  const total = page?.total ?? 0;
  return (
    <div class="stack">
      <div class="inline">
        <h2>{t("participants.title")}</h2>
        {manage && (
          <button type="button" onClick={() => setEditing("new")}>
            {t("participant.add")}
          </button>
        )}
      </div>
      <ParticipantEditor eventId={ctx.eventId} editing={editing} onClose={() => setEditing(null)} onSaved={refetch} />
      <div class="inline filters">
        <label>
          {t("participants.search")}
          <input type="search" value={search} onInput={(event) => setSearch((event.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          {t("participants.filter")}
          <select
            value={filter}
            onChange={(event) => {
              setFilter((event.currentTarget as HTMLSelectElement).value as Filter);
              setOffset(0);
            }}
          >
            {participantFilters.map((name) => (
              <option key={name} value={name}>
                {t(`filter.${name}`)}
              </option>
            ))}
          </select>
        </label>
        {byPoll && (
          <label>
            {t("participants.poll")}
            <select value={selectedPoll} onChange={(event) => setPollId((event.currentTarget as HTMLSelectElement).value)}>
              {polls.map((poll) => (
                <option key={poll.id} value={poll.id}>
                  {poll.title}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {byPoll && !selectedPoll && (
        <p class="notice">{t(filter === "present_not_voted" ? "participants.noOpenPoll" : "participants.noPoll")}</p>
      )}
      <ErrorText error={error} />
      <p class="muted" aria-live="polite" data-testid="participant-total">
        {t("participants.showing", { from: total === 0 ? 0 : offset + 1, to: Math.min(offset + PAGE, total), total })}
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("participants.name")}</th>
              <th scope="col">{t("participants.email")}</th>
              <th scope="col">{t("participants.group")}</th>
              <th scope="col">{t("participants.region")}</th>
              <th scope="col">{t("participants.weight")}</th>
              <th scope="col">{t("participants.eligible")}</th>
              <th scope="col">{t("participants.present")}</th>
              {manage && <th scope="col">{t("participants.link")}</th>}
              {manage && <th scope="col">{t("participants.edit")}</th>}
            </tr>
          </thead>
          <tbody>
            {page?.items.map((row) => (
              <tr key={row.id} data-email={row.email}>
                <td>{row.name}</td>
                <td>{row.email}</td>
                <td>{row.group ?? "—"}</td>
                <td>{row.region ?? "—"}</td>
                <td>{row.weight}</td>
                <td>{row.eligible ? t("yes") : t("no")}</td>
                <td>
                  <PresenceCell eventId={ctx.eventId} participant={row} manage={manage} onChanged={refetch} />
                </td>
                {manage && (
                  <td>
                    <InvitationCell eventId={ctx.eventId} participant={row} />
                  </td>
                )}
                {manage && (
                  <td>
                    <button
                      type="button"
                      class="small"
                      onClick={() => setEditing(row)}
                      aria-label={t("participant.edit", { name: row.name })}
                    >
                      {t("participants.edit")}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="actions pager">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          {t("pager.previous")}
        </button>
        <button type="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
          {t("pager.next")}
        </button>
      </div>
    </div>
  );
}
