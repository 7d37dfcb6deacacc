import { useState } from "preact/hooks";
import { paperVoteRoutes } from "../../../src/api/routes/paper-votes.ts";
import { participantRoutes } from "../../../src/api/routes/participants.ts";
import type { PaperCountsInput } from "../../../src/api/schemas/paper-votes.ts";
import { call } from "../api.ts";
import { formatTime } from "../i18n.ts";
import { t } from "./console-texts.ts";
import type { BallotChoice, PaperVotesRecord, ParticipantRow, Poll } from "../model.ts";
import { ConfirmDialog } from "../ui/confirm-dialog.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { optionLabel } from "../ui/option-label.ts";
import { useAction } from "../ui/use-action.ts";
import { useFetched } from "./use-fetched.ts";

type Counts = Omit<PaperCountsInput, "pollId">;
type Total = { count: number; weight: number };

/** A count and a weight, as two labelled number fields named `<name>.count` and `<name>.weight`. */
export function TotalFields({
  name,
  label,
  value,
  labels,
}: {
  name: string;
  label: string;
  value: Total | undefined;
  /** Other words than "ballots" and "weight" (cumulative votes count votes, not ballots). */
  labels?: { count: string; weight: string };
}) {
  return (
    <>
      <label>
        {labels?.count ?? t("paper.ballots", { label })}
        <input name={`${name}.count`} type="number" min="0" step="1" required defaultValue={String(value?.count ?? 0)} />
      </label>
      <label>
        {labels?.weight ?? t("paper.weight", { label })}
        <input name={`${name}.weight`} type="number" min="0" step="1" required defaultValue={String(value?.weight ?? 0)} />
      </label>
    </>
  );
}

/** What a confirmation of a paper entry states: online + paper = total of the entitled, in number and in weight. */
export function sumOfParts(online: Total, paper: Total, eligible: number | null) {
  return {
    online: online.count,
    paper: paper.count,
    total: online.count + paper.count,
    eligible: eligible ?? "—",
    onlineWeight: online.weight,
    paperWeight: paper.weight,
    totalWeight: online.weight + paper.weight,
  };
}

export function totalOf(data: FormData, name: string): Total {
  return { count: Number(data.get(`${name}.count`)), weight: Number(data.get(`${name}.weight`)) };
}

/** The tellers' count: per option, abstentions and invalid ballots for the paper voters; saved after a confirmation showing the sum. */
function CountsForm({ eventId, poll, record, onSaved }: { eventId: string; poll: Poll; record: PaperVotesRecord; onSaved: () => void }) {
  const [pending, setPending] = useState<Counts | null>(null);
  const params = { eventId, pollId: poll.id };
  const save = useAction(async (counts: Counts) => {
    setPending(null);
    await call(paperVoteRoutes.setPaperCounts, { params, body: counts });
    onSaved();
  });
  const clear = useAction(async () => {
    await call(paperVoteRoutes.clearPaperCounts, { params });
    onSaved();
  });
  const current = record.counts;
  const namedCounted = poll.secret
    ? { count: 0, weight: 0 }
    : { count: record.voters.length, weight: record.voters.reduce((sum, voter) => sum + voter.weight, 0) };
  const paper = pending && { count: pending.voters.count + namedCounted.count, weight: pending.voters.weight + namedCounted.weight };
  return (
    <form
      class="stack"
      aria-label={t("paper.counts")}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget as HTMLFormElement);
        setPending({
          voters: totalOf(data, "voters"),
          choices: poll.options.map((option) => ({ choice: option.id, ...totalOf(data, `option.${option.id}`) })),
          abstentions: poll.allowAbstain ? totalOf(data, "abstentions") : { count: 0, weight: 0 },
          invalid: totalOf(data, "invalid"),
        });
      }}
    >
      <h4>{t("paper.counts")}</h4>
      <p class="muted">{t("paper.countsHint")}</p>
      <p class="muted">
        {current && record.countsEnteredAt ? t("paper.enteredBy", { at: formatTime(record.countsEnteredAt) }) : t("paper.none")}
      </p>
      <div class="paper-counts">
        <TotalFields name="voters" label={t("paper.voters")} value={current?.voters} />
        {poll.options.map((option) => (
          <TotalFields
            key={option.id}
            name={`option.${option.id}`}
            label={optionLabel(poll.kind, option)}
            value={current?.choices.find((entry) => entry.choice === option.id)}
          />
        ))}
        {poll.allowAbstain && <TotalFields name="abstentions" label={t("vote.abstain")} value={current?.abstentions} />}
        <TotalFields name="invalid" label={t("results.invalid")} value={current?.invalid} />
      </div>
      <div class="actions">
        <button type="submit" class="primary" disabled={save.busy}>
          {t("paper.save")}
        </button>
        {current && (
          <button type="button" class="danger" disabled={clear.busy} onClick={() => void clear.run()}>
            {t("paper.clear")}
          </button>
        )}
      </div>
      <ErrorText error={save.error ?? clear.error} />
      <ConfirmDialog
        open={pending !== null}
        title={t("paper.confirmTitle")}
        confirmLabel={t("paper.confirm")}
        cancelLabel={t("cancel")}
        onConfirm={() => pending && void save.run(pending)}
        onCancel={() => setPending(null)}
      >
        {paper && <p data-testid="paper-summary">{t("paper.summary", sumOfParts(record.online, paper, poll.eligibleCount))}</p>}
      </ConfirmDialog>
    </form>
  );
}

/** People from the roll who voted on paper: find, mark (with their vote in a named poll), remove. */
function NamedVoters({ eventId, poll, record, onSaved }: { eventId: string; poll: Poll; record: PaperVotesRecord; onSaved: () => void }) {
  const [found, setFound] = useState<ParticipantRow[]>([]);
  const [choice, setChoice] = useState(poll.options[0]?.id ?? "");
  const params = { eventId, pollId: poll.id };
  const search = useAction(async (text: string) => {
    const page = await call(participantRoutes.listParticipants, {
      params: { eventId },
      query: { search: text, filter: "not_voted", pollId: poll.id, limit: 10 },
    });
    setFound([...page.items]);
  });
  const mark = useAction(async (participantId: string) => {
    const vote: BallotChoice | null = poll.secret
      ? null
      : choice === "abstain"
        ? { kind: "abstain" }
        : { kind: "options", optionIds: [choice] };
    await call(paperVoteRoutes.namePaperVoter, { params: { ...params, participantId }, body: { choice: vote } });
    setFound((current) => current.filter((row) => row.id !== participantId));
    onSaved();
  });
  const remove = useAction(async (participantId: string) => {
    await call(paperVoteRoutes.removePaperVoter, { params: { ...params, participantId } });
    onSaved();
  });
  return (
    <div class="stack">
      <h4>{t("paper.named")}</h4>
      <p class="muted">{poll.secret ? t("paper.namedSecretHint") : t("paper.namedHint")}</p>
      {record.voters.length === 0 ? (
        <p class="muted">{t("paper.noNamed")}</p>
      ) : (
        <ul data-testid="paper-voters">
          {record.voters.map((voter) => (
            <li key={voter.principalId}>
              {t("paper.voterEntry", { name: voter.name, weight: voter.weight })}
              {voter.choice &&
                ` · ${voter.choice.kind === "abstain" ? t("vote.abstain") : voter.choice.optionIds.map((id) => optionLabel(poll.kind, poll.options.find((o) => o.id === id) ?? { id, label: id })).join(", ")}`}{" "}
              <button
                type="button"
                disabled={remove.busy}
                onClick={() => void remove.run(voter.principalId)}
                aria-label={t("paper.removeVoter", { name: voter.name })}
              >
                {t("delete")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          void search.run(String(new FormData(event.currentTarget as HTMLFormElement).get("search") ?? ""));
        }}
      >
        <label>
          {t("paper.search")}
          <input name="search" type="search" required />
        </label>
        {!poll.secret && poll.kind !== "multiple_choice" && (
          <label>
            {t("paper.choice")}
            <select value={choice} onChange={(event) => setChoice((event.currentTarget as HTMLSelectElement).value)}>
              {poll.options.map((option) => (
                <option key={option.id} value={option.id}>
                  {optionLabel(poll.kind, option)}
                </option>
              ))}
              {poll.allowAbstain && <option value="abstain">{t("vote.abstain")}</option>}
            </select>
          </label>
        )}
        <button type="submit" disabled={search.busy}>
          {t("paper.search")}
        </button>
      </form>
      {found.length > 0 && (
        <ul>
          {found.map((row) => (
            <li key={row.id}>
              <button type="button" disabled={mark.busy} onClick={() => void mark.run(row.id)}>
                {t("paper.markVoter", { name: row.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorText error={search.error ?? mark.error ?? remove.error} />
    </div>
  );
}

/**
 * Paper ballots of one poll in the chair console: named paper voters while it
 * is open or closed, the tellers' count once it is closed. `onChanged` lets
 * the results above follow each entry.
 */
export function PaperVotesPanel({ eventId, poll, onChanged }: { eventId: string; poll: Poll; onChanged: () => void }) {
  const record = useFetched(paperVoteRoutes.getPaperVotes, { params: { eventId, pollId: poll.id } });
  const saved = () => {
    record.reload();
    onChanged();
  };
  return (
    <section class="stack paper-votes" aria-label={t("paper.title", { title: poll.title })}>
      <ErrorText error={record.error} />
      {record.data && (
        <>
          {poll.status === "closed" ? (
            <CountsForm eventId={eventId} poll={poll} record={record.data.paper} onSaved={saved} />
          ) : (
            <p class="muted">{t("paper.countsAfterClose")}</p>
          )}
          {/* Multiple-choice named paper ballots would need a ballot form; their paper ballots go into the count. */}
          {(poll.secret || poll.kind !== "multiple_choice") && (
            <NamedVoters eventId={eventId} poll={poll} record={record.data.paper} onSaved={saved} />
          )}
        </>
      )}
    </section>
  );
}
