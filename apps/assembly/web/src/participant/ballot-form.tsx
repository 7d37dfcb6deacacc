import type { Channel } from "phoenix";
import { useState } from "preact/hooks";
import { ApiError } from "../api.ts";
import { t } from "../i18n.ts";
import type { BallotChoice, BallotReceipt, ParticipantView, PollView } from "../model.ts";
import { ballotText } from "../ui/choice-text.ts";
import { ConfirmDialog } from "../ui/confirm-dialog.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { optionLabel } from "../ui/option-label.ts";
import { useAction } from "../ui/use-action.ts";
import { type Ballot, castVote } from "./cast-vote.ts";
import { receiptFor } from "./receipts.ts";
import { type SplitChoice, SplitInput, SplitSwitch } from "./split-input.tsx";

export type Principal = ParticipantView["principals"][number];

interface Props {
  poll: PollView;
  principal: Principal;
  /** Whether the server has a ballot for this principal in this poll. */
  hasVoted: boolean;
  /** Whether the principal is the participant themselves (else a proxy vote). */
  self: boolean;
  channel: Channel | null;
}

/**
 * `fresh`: cast just now on this page, rather than found already cast. `boxId`: the poll's or election's id.
 * The receipt says what it is for: a code nobody else is shown is only kept if one knows why.
 */
export function Voted({
  boxId,
  principal,
  receipt,
  fresh,
  secret,
}: {
  boxId: string;
  principal: Principal;
  receipt: string | null;
  fresh: boolean;
  secret: boolean;
}) {
  return (
    <div class="voted" role="status" data-testid={`voted-${boxId}-${principal.id}`}>
      <p class="voted-mark">{t(fresh ? "vote.counted" : "vote.alreadyVoted")}</p>
      {receipt && (
        <>
          <p>
            {t("vote.receipt")} <code class="receipt">{receipt}</code>
          </p>
          <p class="muted receipt-explain">{t(secret ? "vote.receiptSecret" : "vote.receiptNamed")}</p>
        </>
      )}
    </div>
  );
}

/**
 * What a principal's ballot shows instead of the form: no voting right, or
 * the vote cast (now, earlier, or refused as already cast); null while the
 * form is due.
 */
export function settledBallot(
  boxId: string,
  principal: Principal,
  heading: string,
  state: { hasVoted: boolean; receipt: BallotReceipt | null; error: unknown; secret: boolean },
) {
  if (!principal.eligible) {
    return (
      <section class="ballot" aria-label={heading}>
        <h4>{heading}</h4>
        <p>{t("vote.notEligible")}</p>
      </section>
    );
  }
  const alreadyVoted = state.error instanceof ApiError && state.error.code === "already_voted";
  if (!state.receipt && !state.hasVoted && !alreadyVoted) return null;
  return (
    <section class="ballot" aria-label={heading}>
      <h4>{heading}</h4>
      <Voted
        boxId={boxId}
        principal={principal}
        receipt={state.receipt?.receipt ?? receiptFor(boxId, principal.id)}
        fresh={state.receipt !== null}
        secret={state.secret}
      />
    </section>
  );
}

/**
 * What a poll's weight can be split between on the phone: each option on its
 * own, and abstaining where allowed; null where one option alone is no valid
 * choice (a multiple choice asking for at least two).
 */
function splitChoices(poll: PollView): SplitChoice<BallotChoice>[] | null {
  if (poll.minChoices > 1) return null;
  const options = poll.options.map((option) => ({
    key: `option-${option.id}`,
    label: optionLabel(poll.kind, option),
    choice: { kind: "options" as const, optionIds: [option.id] },
  }));
  return poll.allowAbstain ? [...options, { key: "abstain", label: t("vote.abstain"), choice: { kind: "abstain" } }] : options;
}

/** One principal's ballot in an open poll: choose (or split the weight where the poll allows it), confirm, cast, then the receipt. */
export function BallotForm({ poll, principal, hasVoted, self, channel }: Props) {
  const [selected, setSelected] = useState<string[]>([]);
  const [splitting, setSplitting] = useState(false);
  const [pending, setPending] = useState<Ballot | null>(null);
  const [receipt, setReceipt] = useState<BallotReceipt | null>(null);
  const cast = useAction(async (ballot: Ballot) => {
    setReceipt(await castVote(channel, { pollId: poll.id, principalId: principal.id, ...ballot }));
  });
  const heading = self ? t("vote.yours") : t("vote.forProxy", { name: principal.name });

  const settled = settledBallot(poll.id, principal, heading, { hasVoted, receipt, error: cast.error, secret: poll.secret });
  if (settled) return settled;

  const confirm = () => {
    const ballot = pending;
    setPending(null);
    if (ballot) void cast.run(ballot);
  };
  const choose = (choice: BallotChoice) => setPending({ choice });
  const splits = poll.allowSplit && principal.weight > 1 ? splitChoices(poll) : null;
  const toggle = (id: string, checked: boolean) => {
    if (poll.maxChoices === 1) setSelected(checked ? [id] : []);
    else setSelected((current) => (checked ? [...current, id] : current.filter((other) => other !== id)));
  };
  const countOk = selected.length >= poll.minChoices && selected.length <= poll.maxChoices;
  const groupName = `poll-${poll.id}-${principal.id}`;

  return (
    <section class="ballot" aria-label={heading}>
      <h4>{heading}</h4>
      {splits && <SplitSwitch splitting={splitting} disabled={cast.busy} onChange={setSplitting} />}
      {splits && splitting ? (
        <SplitInput weight={principal.weight} choices={splits} busy={cast.busy} onCast={(parts) => setPending({ parts })} />
      ) : poll.kind === "yes_no_abstain" ? (
        <div class="choice-buttons">
          {poll.options.map((option) => (
            <button
              key={option.id}
              type="button"
              class={`big vote-${option.id}`}
              disabled={cast.busy}
              onClick={() => choose({ kind: "options", optionIds: [option.id] })}
            >
              {optionLabel(poll.kind, option)}
            </button>
          ))}
          <button type="button" class="big vote-abstain" disabled={cast.busy} onClick={() => choose({ kind: "abstain" })}>
            {t("vote.abstain")}
          </button>
        </div>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (countOk) choose({ kind: "options", optionIds: selected });
          }}
        >
          <fieldset>
            <legend>
              {poll.kind === "single_choice" ? t("vote.pickOne") : t("vote.pickRange", { min: poll.minChoices, max: poll.maxChoices })}
            </legend>
            {poll.options.map((option) => (
              <label key={option.id} class="option">
                <input
                  type={poll.kind === "single_choice" ? "radio" : "checkbox"}
                  name={groupName}
                  value={option.id}
                  checked={selected.includes(option.id)}
                  disabled={
                    cast.busy || (poll.kind === "multiple_choice" && !selected.includes(option.id) && selected.length >= poll.maxChoices)
                  }
                  onChange={(event) => toggle(option.id, (event.currentTarget as HTMLInputElement).checked)}
                />
                <span>{option.label}</span>
              </label>
            ))}
          </fieldset>
          <div class="choice-buttons">
            <button type="submit" class="big primary" disabled={cast.busy || !countOk}>
              {t("vote.submit")}
            </button>
            {poll.allowAbstain && (
              <button type="button" class="big vote-abstain" disabled={cast.busy} onClick={() => choose({ kind: "abstain" })}>
                {t("vote.abstain")}
              </button>
            )}
          </div>
        </form>
      )}
      {cast.busy && <p role="status">{t("vote.sending")}</p>}
      <ErrorText error={cast.error} />
      <ConfirmDialog
        open={pending !== null}
        title={t("vote.confirmTitle")}
        confirmLabel={t("vote.confirm")}
        cancelLabel={t("vote.back")}
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      >
        <p>{t("vote.confirmText", { poll: poll.title, who: self ? t("vote.yourself") : principal.name })}</p>
        <p class="confirm-choice">{pending ? ballotText(poll, pending) : ""}</p>
      </ConfirmDialog>
    </section>
  );
}
