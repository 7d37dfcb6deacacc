import { useId, useState } from "preact/hooks";
import { pollRoutes } from "../../../src/api/routes/polls.ts";
import type { NewPollInput } from "../../../src/api/schemas/polls.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import type { AgendaItem, Poll, PollKind } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { SubmitForm } from "../ui/submit-form.tsx";

/** The kinds a floor poll can have; elections have their own form. */
type FloorPollKind = Exclude<PollKind, "election">;
const kinds: FloorPollKind[] = ["yes_no_abstain", "single_choice", "multiple_choice"];
const majorities = ["simple", "absolute", "two_thirds", "threshold", "plurality"] as const;
const quorums = ["none", "weight", "fraction"] as const;
type MajorityKind = (typeof majorities)[number];
type QuorumKind = (typeof quorums)[number];

interface Props {
  eventId: string;
  agenda: AgendaItem[];
  /** The draft to edit; without it the form creates a new draft. */
  poll?: Poll;
  /** After a successful save (`true`) or on cancel while editing (`false`). */
  onDone: (saved: boolean) => void;
}

/** The request body for the form's fields: every rule explicit, so an edit replaces the draft's definition. */
function pollBody(data: FormData, kind: FloorPollKind, majority: MajorityKind, quorum: QuorumKind): NewPollInput {
  const text = (name: string) => String(data.get(name) ?? "").trim();
  const number = (name: string) => (text(name) === "" ? undefined : Number(text(name)));
  // The form marks these required; should one still be empty, NaN is sent as null and the server refuses it.
  const wholeNumber = (name: string) => number(name) ?? Number.NaN;
  const fraction = (prefix: string) => ({
    numerator: wholeNumber(`${prefix}Numerator`),
    denominator: wholeNumber(`${prefix}Denominator`),
  });
  const options = text("options")
    .split("\n")
    .map((label) => label.trim())
    .filter(Boolean)
    .map((label) => ({ label }));
  return {
    agendaItemId: text("agendaItemId"),
    title: text("title"),
    description: text("description"),
    kind,
    ...(kind === "yes_no_abstain" ? {} : { options, allowAbstain: data.get("allowAbstain") === "on" }),
    ...(kind === "multiple_choice" ? { minChoices: number("minChoices"), maxChoices: number("maxChoices") } : {}),
    secret: data.get("secret") === "on",
    majority: majority === "threshold" ? { kind: majority, ...fraction("majority") } : { kind: majority },
    abstentionsCount: data.get("abstentionsCount") === "on",
    allowSplit: data.get("allowSplit") === "on",
    quorum:
      quorum === "none"
        ? null
        : quorum === "weight"
          ? { kind: quorum, minWeight: wholeNumber("quorumWeight") }
          : { kind: quorum, ...fraction("quorum") },
  };
}

/**
 * A draft poll with every rule the domain has: kind and options (with the
 * number of choices for multiple choice), majority (including a custom
 * threshold), whether abstentions count, quorum, secret or named, whether
 * ballots may be split. Creates a
 * draft, or edits one; the server explains what it refuses.
 */
export function PollForm({ eventId, agenda, poll, onDone }: Props) {
  const id = useId();
  const [kind, setKind] = useState<FloorPollKind>(poll === undefined || poll.kind === "election" ? "yes_no_abstain" : poll.kind);
  const [majority, setMajority] = useState<MajorityKind>(poll?.majority.kind ?? "simple");
  const [quorum, setQuorum] = useState<QuorumKind>(poll?.quorum?.kind ?? "none");
  // "Most votes wins" is offered for single choice only; leaving it falls back to the default rule.
  const chooseKind = (next: FloorPollKind) => {
    setKind(next);
    if (next !== "single_choice" && majority === "plurality") setMajority("simple");
  };
  const save = useAction(async (form: HTMLFormElement) => {
    const body = pollBody(new FormData(form), kind, majority, quorum);
    if (poll) {
      await call(pollRoutes.updatePoll, { params: { eventId, pollId: poll.id }, body });
    } else {
      await call(pollRoutes.createPoll, { params: { eventId }, body });
      form.reset();
      setKind("yes_no_abstain");
      setMajority("simple");
      setQuorum("none");
    }
    onDone(true);
  });
  if (agenda.length === 0) return <p class="notice">{t("polls.needAgenda")}</p>;
  const threshold = poll?.majority.kind === "threshold" ? poll.majority : null;
  const quorumWeight = poll?.quorum?.kind === "weight" ? poll.quorum : null;
  const quorumFraction = poll?.quorum?.kind === "fraction" ? poll.quorum : null;
  const choiceOptions = poll && poll.kind !== "yes_no_abstain" ? poll.options.map((option) => option.label).join("\n") : "";
  const multipleBounds = poll?.kind === "multiple_choice" ? poll : null;
  return (
    <SubmitForm action={save} class="stack poll-form" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{poll ? t("polls.editing", { title: poll.title }) : t("polls.new")}</h2>
      <label>
        {t("field.agendaItem")}
        <select name="agendaItemId" required>
          {agenda.map((item) => (
            <option key={item.id} value={item.id} selected={item.id === poll?.agendaItemId}>
              {item.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("field.title")}
        <input name="title" required maxLength={300} defaultValue={poll?.title} />
      </label>
      <label>
        {t("field.description")}
        <textarea name="description" rows={2} maxLength={20000} defaultValue={poll?.description} />
      </label>
      <label>
        {t("polls.kind")}
        <select
          name="kind"
          value={kind}
          onChange={(event) => chooseKind((event.currentTarget as HTMLSelectElement).value as FloorPollKind)}
        >
          {kinds.map((name) => (
            <option key={name} value={name}>
              {t(`kind.${name}`)}
            </option>
          ))}
        </select>
      </label>
      {kind !== "yes_no_abstain" && (
        <>
          <label>
            {t("polls.options")}
            <textarea name="options" rows={4} required defaultValue={choiceOptions} />
          </label>
          <label class="check">
            <input type="checkbox" name="allowAbstain" defaultChecked={poll?.allowAbstain ?? true} />
            {t("polls.allowAbstain")}
          </label>
        </>
      )}
      {kind === "multiple_choice" && (
        <fieldset class="inline">
          <legend>{t("polls.choices")}</legend>
          <label>
            {t("polls.minChoices")}
            <input
              name="minChoices"
              type="number"
              min={1}
              step={1}
              inputMode="numeric"
              defaultValue={multipleBounds ? String(multipleBounds.minChoices) : ""}
            />
          </label>
          <label>
            {t("polls.maxChoices")}
            <input
              name="maxChoices"
              type="number"
              min={1}
              step={1}
              inputMode="numeric"
              defaultValue={multipleBounds ? String(multipleBounds.maxChoices) : ""}
            />
          </label>
        </fieldset>
      )}
      <fieldset class="stack">
        <legend>{t("polls.rules")}</legend>
        <label>
          {t("polls.majority")}
          <select
            name="majority"
            value={majority}
            onChange={(event) => setMajority((event.currentTarget as HTMLSelectElement).value as MajorityKind)}
          >
            {/* The domain takes "most votes wins" for single choice only: one option to elect. */}
            {majorities
              .filter((name) => name !== "plurality" || kind === "single_choice")
              .map((name) => (
                <option key={name} value={name}>
                  {t(`majority.${name}`)}
                </option>
              ))}
          </select>
        </label>
        {majority === "threshold" && (
          <FractionInputs legend={t("majority.threshold")} prefix="majority" value={threshold} fallback={[3, 4]} />
        )}
        <label class="check">
          <input type="checkbox" name="abstentionsCount" defaultChecked={poll?.abstentionsCount ?? false} />
          {t("polls.abstentionsCount")}
        </label>
        <label>
          {t("polls.quorum")}
          <select
            name="quorum"
            value={quorum}
            onChange={(event) => setQuorum((event.currentTarget as HTMLSelectElement).value as QuorumKind)}
          >
            {quorums.map((name) => (
              <option key={name} value={name}>
                {t(`quorum.${name}`)}
              </option>
            ))}
          </select>
        </label>
        {quorum === "weight" && (
          <WholeNumberInput name="quorumWeight" label={t("quorum.minWeight")} value={quorumWeight ? String(quorumWeight.minWeight) : ""} />
        )}
        {quorum === "fraction" && <FractionInputs legend={t("quorum.fraction")} prefix="quorum" value={quorumFraction} fallback={[1, 2]} />}
        <label class="check">
          <input type="checkbox" name="secret" defaultChecked={poll?.secret ?? false} />
          {t("polls.secret")}
        </label>
        <label class="check">
          <input type="checkbox" name="allowSplit" defaultChecked={poll?.allowSplit ?? false} aria-describedby={`${id}-split`} />
          {t("polls.allowSplit")}
        </label>
        <p class="muted" id={`${id}-split`}>
          {t("polls.allowSplitHint")}
        </p>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" disabled={save.busy}>
          {poll ? t("save") : t("polls.create")}
        </button>
        {poll && (
          <button type="button" onClick={() => onDone(false)}>
            {t("cancel")}
          </button>
        )}
      </div>
      <ErrorText error={save.error} />
    </SubmitForm>
  );
}

function WholeNumberInput({ name, label, value }: { name: string; label: string; value: string }) {
  return (
    <label>
      {label}
      <input name={name} type="number" required min={1} step={1} inputMode="numeric" defaultValue={value} />
    </label>
  );
}

/** `<prefix>Numerator` and `<prefix>Denominator`, read back by the form's submit. */
function FractionInputs(props: {
  legend: string;
  prefix: string;
  value: { readonly numerator: number; readonly denominator: number } | null;
  fallback: [number, number];
}) {
  const { legend, prefix, value, fallback } = props;
  return (
    <fieldset class="inline">
      <legend>{legend}</legend>
      <WholeNumberInput name={`${prefix}Numerator`} label={t("fraction.numerator")} value={String(value?.numerator ?? fallback[0])} />
      <WholeNumberInput name={`${prefix}Denominator`} label={t("fraction.denominator")} value={String(value?.denominator ?? fallback[1])} />
    </fieldset>
  );
}
