import { useState } from "preact/hooks";
import { electionRoutes } from "../../../src/api/routes/elections.ts";
import type { NewElectionInput } from "../../../src/api/schemas/elections.ts";
import { call } from "../api.ts";
import { electionRules } from "../election/election-rules.ts";
import { t } from "./console-texts.ts";
import type { AgendaItem, ElectionSetup, MethodKind } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";

const methods: MethodKind[] = ["yes_no_abstain", "approval", "cumulative", "single_choice", "stv", "schulze"];

/** The method's options the form offers, read from the form (empty fields keep the defaults). */
function methodOf(kind: MethodKind, data: FormData): ElectionSetup["method"] {
  const number = (name: string) => {
    const value = String(data.get(name) ?? "").trim();
    return value === "" ? undefined : Number(value);
  };
  if (kind === "approval") return { kind, maxApprovals: number("maxApprovals"), allowNoToAll: data.get("allowNoToAll") === "on" };
  if (kind === "cumulative") return { kind, votesPerBallot: number("votesPerBallot"), maxPerCandidate: number("maxPerCandidate") };
  return { kind };
}

/** A new election: its method with the rule in words, seats, secrecy, splitting, the first candidates and the nomination phase. */
export function ElectionForm({ eventId, agenda, onDone }: { eventId: string; agenda: AgendaItem[]; onDone: () => void }) {
  const [kind, setKind] = useState<MethodKind>("yes_no_abstain");
  const [seats, setSeats] = useState(1);
  const save = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const names = String(data.get("candidates") ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "");
    const body: NewElectionInput = {
      agendaItemId: String(data.get("agendaItemId")),
      title: String(data.get("title") ?? ""),
      seats: kind === "single_choice" ? undefined : seats,
      method: methodOf(kind, data),
      secret: data.get("secret") === "on",
      allowSplit: data.get("allowSplit") === "on",
      nomination: data.get("nomination") === "on",
      candidates: names.map((name) => ({ name })),
    };
    await call(electionRoutes.createElection, { params: { eventId }, body });
    form.reset();
    onDone();
  });
  return (
    <form
      class="card stack election-form"
      aria-labelledby="election-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        void save.run(event.currentTarget);
      }}
    >
      <h3 id="election-form-title">{t("elections.create")}</h3>
      <label>
        {t("elections.agendaItem")}
        <select name="agendaItemId" required>
          {agenda.map((item) => (
            <option key={item.id} value={item.id}>
              {item.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("elections.title")}
        <input name="title" required maxLength={300} />
      </label>
      <label>
        {t("elections.method")}
        <select name="method" value={kind} onChange={(event) => setKind((event.currentTarget as HTMLSelectElement).value as MethodKind)}>
          {methods.map((name) => (
            <option key={name} value={name}>
              {t(`method.${name}`)}
            </option>
          ))}
        </select>
      </label>
      {kind !== "single_choice" && (
        <label>
          {t("elections.seats")}
          <input
            name="seats"
            type="number"
            min={1}
            max={100}
            value={seats}
            onInput={(event) => setSeats(Number((event.currentTarget as HTMLInputElement).value) || 1)}
          />
        </label>
      )}
      {kind === "approval" && (
        <>
          <label>
            {t("elections.maxApprovals")}
            <input name="maxApprovals" type="number" min={1} inputMode="numeric" />
          </label>
          <label class="check">
            <input type="checkbox" name="allowNoToAll" />
            {t("elections.allowNoToAll")}
          </label>
        </>
      )}
      {kind === "cumulative" && (
        <>
          <label>
            {t("elections.votesPerBallot")}
            <input name="votesPerBallot" type="number" min={1} inputMode="numeric" />
          </label>
          <label>
            {t("elections.maxPerCandidate")}
            <input name="maxPerCandidate" type="number" min={1} inputMode="numeric" />
          </label>
        </>
      )}
      <p class="muted" data-testid="election-rule">
        {electionRules({ seats: kind === "single_choice" ? 1 : seats, method: { kind } })}
      </p>
      <label>
        {t("elections.candidatesLines")}
        <textarea name="candidates" rows={4} />
      </label>
      <label class="check">
        <input type="checkbox" name="secret" />
        {t("elections.secret")}
      </label>
      <label class="check">
        <input type="checkbox" name="allowSplit" />
        {t("elections.allowSplit")}
      </label>
      <label class="check">
        <input type="checkbox" name="nomination" />
        {t("elections.nomination")}
      </label>
      <button type="submit" class="primary" disabled={save.busy}>
        {t("elections.create")}
      </button>
      <ErrorText error={save.error} />
    </form>
  );
}
