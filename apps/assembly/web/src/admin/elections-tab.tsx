import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import { agendaRoutes } from "../../../src/api/routes/agenda.ts";
import { electionRoutes } from "../../../src/api/routes/elections.ts";
import { call, urlOf } from "../api.ts";
import { ElectionResultView } from "../election/election-result.tsx";
import { electionRules } from "../election/election-rules.ts";
import { t, presentNotVotedText } from "./console-texts.ts";
import type { Election } from "../model.ts";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { mayChange, type ConsoleContext } from "./console-context.ts";
import { csvSeparatorNames } from "./csv-buttons.tsx";
import { ShowOnScreens } from "./show-on-screens.tsx";
import { ElectionForm } from "./election-form.tsx";
import { ElectionPaperPanel } from "./election-paper-panel.tsx";
import { useFetched } from "./use-fetched.ts";

const steps = {
  open: electionRoutes.openElection,
  close: electionRoutes.closeElection,
  publish: electionRoutes.publishElection,
  openNominations: electionRoutes.openNominations,
  closeNominations: electionRoutes.closeNominations,
  runoff: electionRoutes.createRunoff,
  delete: electionRoutes.deleteElection,
};

const nextStep: Record<Election["status"], "open" | "close" | "publish" | null> = {
  draft: "open",
  open: "close",
  closed: "publish",
  published: null,
};

function CandidateList({ ctx, election, onChanged }: { ctx: ConsoleContext; election: Election; onChanged: () => void }) {
  const draft = election.status === "draft" && mayChange(ctx);
  const params = { eventId: ctx.eventId, electionId: election.id };
  const act = useAction(async (change: () => Promise<unknown>) => {
    await change();
    onChanged();
  });
  const order = election.candidates.map((c) => c.id);
  const move = (index: number, by: number) => {
    const next = [...order];
    const [id] = next.splice(index, 1);
    next.splice(index + by, 0, id as string);
    return () => call(electionRoutes.reorderCandidates, { params, body: { order: next } });
  };
  return (
    <div class="candidates">
      <h4>{t("elections.candidates")}</h4>
      <ol>
        {election.candidates.map((c, index) => (
          <li key={c.id} class={c.withdrawn ? "withdrawn" : ""}>
            {c.name}
            {c.group && ` (${c.group})`}
            {c.withdrawn && ` — ${t("elections.withdrawn")}`}
            {draft && (
              <span class="actions">
                <button
                  type="button"
                  disabled={index === 0 || act.busy}
                  aria-label={t("elections.moveUp", { name: c.name })}
                  onClick={() => void act.run(move(index, -1))}
                >
                  ↑
                </button>
                <button
                  type="button"
                  disabled={index === order.length - 1 || act.busy}
                  aria-label={t("elections.moveDown", { name: c.name })}
                  onClick={() => void act.run(move(index, 1))}
                >
                  ↓
                </button>
                <button
                  type="button"
                  disabled={act.busy}
                  onClick={() =>
                    void act.run(() =>
                      call(electionRoutes.withdrawCandidate, {
                        params: { ...params, candidateId: c.id },
                        body: { withdrawn: !c.withdrawn },
                      }),
                    )
                  }
                >
                  {c.withdrawn ? t("elections.reinstate") : t("elections.withdraw")}
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      {draft && (
        <form
          class="inline"
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const name = String(new FormData(form).get("name") ?? "");
            void act.run(async () => {
              await call(electionRoutes.addCandidate, { params, body: { name } });
              form.reset();
            });
          }}
        >
          <input
            name="name"
            required
            maxLength={300}
            aria-label={t("elections.candidateName")}
            placeholder={t("elections.candidateName")}
          />
          <button type="submit" disabled={act.busy}>
            {t("elections.addCandidate")}
          </button>
        </form>
      )}
      <ErrorText error={act.error} />
    </div>
  );
}

/** The chair decides the tie the count waits for: the candidate favoured goes first, the others follow in list order. */
function TieDecision({ ctx, election, onChanged }: { ctx: ConsoleContext; election: Election; onChanged: () => void }) {
  const tied = election.result?.pendingTie?.candidateIds ?? [];
  const decide = useAction(async (first: string) => {
    const order = [first, ...tied.filter((id) => id !== first)];
    await call(electionRoutes.decideTie, { params: { eventId: ctx.eventId, electionId: election.id }, body: { order } });
    onChanged();
  });
  const name = (id: string) => election.candidates.find((c) => c.id === id)?.name ?? id;
  return (
    <div class="actions" data-testid="tie-decision">
      {tied.map((id) => (
        <button key={id} type="button" disabled={decide.busy} onClick={() => void decide.run(id)}>
          {t("elections.favour", { name: name(id) })}
        </button>
      ))}
      <ErrorText error={decide.error} />
    </div>
  );
}

function ElectionRow({ ctx, election, onChanged }: { ctx: ConsoleContext; election: Election; onChanged: () => void }) {
  const step = nextStep[election.status];
  const params = { eventId: ctx.eventId, electionId: election.id };
  const act = useAction(async (verb: keyof typeof steps) => {
    await call(steps[verb], { params });
    onChanged();
  });
  const live = ctx.admin.model?.openPolls.find((open) => open.pollId === election.id);
  const [paperOpen, setPaperOpen] = useState(false);
  // As for polls: the paper part is entered once voting is closed, until the result is published.
  const paperWindow = election.status === "closed" && election.definition !== null && mayChange(ctx);
  const button = (verb: keyof typeof steps, label: string, primary = false) => (
    <button type="button" class={primary ? "primary" : ""} disabled={act.busy} onClick={() => void act.run(verb)}>
      {label}
    </button>
  );
  const definition = election.definition;
  return (
    <article class={`poll admin-poll ${election.status}`} data-election-id={election.id} aria-labelledby={`admin-election-${election.id}`}>
      <h3 id={`admin-election-${election.id}`}>
        {election.title} <span class={`pill poll-${election.status}`}>{t(`poll.status.${election.status}`)}</span>
      </h3>
      <p class="muted" data-testid="election-rules">
        {t(`method.${election.setup.method.kind}`)} · {electionRules(election.setup)}
      </p>
      {election.nomination === "open" && <p class="notice">{t("elections.nominationsOpen")}</p>}
      <CandidateList ctx={ctx} election={election} onChanged={onChanged} />
      {live && (
        <p class="open-turnout" data-testid="election-turnout">
          {t("election.turnout", { count: live.count, eligible: live.eligibleCount })} · {presentNotVotedText(live.presentNotVoted)}
        </p>
      )}
      {mayChange(ctx) && (
        <div class="actions">
          {election.status === "draft" && election.nomination === "open" && button("closeNominations", t("elections.closeNominations"))}
          {election.status === "draft" && election.nomination !== "open" && button("openNominations", t("elections.openNominations"))}
          {step && !(step === "open" && election.nomination === "open") && button(step, t(`elections.${step}`), true)}
          {election.result?.status === "runoff_required" && button("runoff", t("elections.runoff"))}
          {election.status === "draft" && button("delete", t("delete"))}
          {paperWindow && (
            <button type="button" aria-expanded={paperOpen} onClick={() => setPaperOpen(!paperOpen)}>
              {paperOpen ? t("paper.hide") : t("paper.enter")}
            </button>
          )}
          {act.busy && <Busy />}
        </div>
      )}
      <ErrorText error={act.error} />
      {election.status !== "draft" && (
        <ShowOnScreens ctx={ctx} content={{ kind: "election", electionId: election.id }} what={election.title} />
      )}
      {mayChange(ctx) && election.result?.pendingTie && <TieDecision ctx={ctx} election={election} onChanged={onChanged} />}
      {election.result && definition && (
        <>
          <ElectionResultView result={election.result} definition={definition} />
          {paperOpen && paperWindow && <ElectionPaperPanel eventId={ctx.eventId} election={election} onChanged={onChanged} />}
          {election.lotSeed && <p class="muted">{t("elections.lotSeed", { seed: election.lotSeed })}</p>}
          <p class="actions">
            {csvSeparatorNames.map((separator) => (
              <Fragment key={separator}>
                <a href={urlOf(electionRoutes.exportElection, { params, query: { format: "csv", separator } })} download>
                  {t("csv.download", { what: t("elections.exportCsv"), format: t(`csv.${separator}`) })}
                </a>{" "}
              </Fragment>
            ))}
            <a href={urlOf(electionRoutes.exportElection, { params, query: { format: "json" } })} download>
              {t("elections.exportJson")}
            </a>
          </p>
        </>
      )}
    </article>
  );
}

/** Elections: create each method, manage the candidate list and nominations, run them, watch turnout, see and export results. */
export function ElectionsTab({ ctx }: { ctx: ConsoleContext }) {
  const params = { eventId: ctx.eventId };
  const elections = useFetched(electionRoutes.listElections, { params });
  const agenda = useFetched(agendaRoutes.listAgenda, { params });
  // Another chair, or a nomination, may change an election: the live view tells when the list is stale.
  const liveState = ctx.live.model?.elections.map((e) => `${e.id}:${e.status}:${e.candidates.length}`).join() ?? "";
  useEffect(elections.reload, [liveState]);
  return (
    <div class="stack">
      <h2>{t("tab.elections")}</h2>
      <ErrorText error={elections.error ?? agenda.error} />
      {elections.data?.elections.length === 0 && <p class="muted">{t("elections.none")}</p>}
      {elections.data?.elections.map((election) => (
        <ElectionRow key={election.id} ctx={ctx} election={election} onChanged={elections.reload} />
      ))}
      {agenda.data && mayChange(ctx) && <ElectionForm eventId={ctx.eventId} agenda={agenda.data.items} onDone={elections.reload} />}
    </div>
  );
}
