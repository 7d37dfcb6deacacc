import { useState } from "preact/hooks";
import { motionRoutes } from "../../../src/api/routes/motions.ts";
import { Topics } from "../../../src/api/topics.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import { tm } from "../motions/motion-messages.ts";
import { useLiveView } from "../live/hooks.ts";
import type { AmendmentView, MotionDetailView } from "../model.ts";
import { AmendmentFields, amendmentInput } from "../motions/amendment-fields.tsx";
import { speakerRoutes } from "../../../src/api/routes/speakers.ts";
import { speakerListTitle } from "../participant/speakers-section.tsx";
import { AmendmentCard, FinalText, NumberedLines, Reason, recommendationLine, submitterNames } from "../motions/motion-text.tsx";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { ActionForm } from "../ui/action-form.tsx";
import { Field } from "../ui/field.tsx";
import { useAction } from "../ui/use-action.ts";
import { AgendaOptions } from "./agenda-options.tsx";
import { mayChange, type ConsoleContext } from "./console-context.ts";
import { TransitionButtons } from "./motion-transition.tsx";
import { RecommendationForm } from "./recommendation-form.tsx";
import { ChairList } from "./speakers-tab.tsx";

type Params = { eventId: string; motionId: string };

/** A yes/no/abstain poll that decides the motion or one amendment, on the agenda item chosen. */
function VoteButton({
  ctx,
  params,
  amendmentId,
  agendaItemId,
}: {
  ctx: ConsoleContext;
  params: Params;
  amendmentId?: string;
  agendaItemId: string | null;
}) {
  const agenda = ctx.live.model?.agenda ?? [];
  const [itemId, setItemId] = useState(agendaItemId ?? agenda[0]?.id ?? "");
  const create = useAction(async () => {
    await call(motionRoutes.createMotionPoll, { params, body: { amendmentId, agendaItemId: itemId || undefined } });
  });
  return (
    <div class="actions">
      {agendaItemId === null && (
        <label>
          {tm("motion.vote.agendaItem")}
          <select value={itemId} onChange={(event) => setItemId(event.currentTarget.value)}>
            <AgendaOptions agenda={agenda} />
          </select>
        </label>
      )}
      <button type="button" disabled={create.busy} onClick={() => void create.run()}>
        {tm(amendmentId ? "amendment.vote.create" : "motion.vote.create")}
      </button>
      <ErrorText error={create.error} />
    </div>
  );
}

function AmendmentForm({ params, view }: { params: Params; view: MotionDetailView }) {
  const file = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const number = String(data.get("number") ?? "").trim();
    await call(motionRoutes.createAmendment, {
      params,
      body: {
        ...amendmentInput(data),
        number: number === "" ? null : number,
        submitters: [{ kind: "name", name: String(data.get("submitter") ?? "") }],
      },
    });
    form.reset();
  });
  return (
    <ActionForm label={tm("amendment.new")} action={file} class="amendment-form">
      <Field label={tm("amendment.number")} name="number" maxLength={20} />
      <AmendmentFields view={view} />
      <Field label={tm("amendment.submitter")} name="submitter" maxLength={200} required />
      <div class="actions">
        <button type="submit" class="primary" disabled={file.busy}>
          {tm("amendment.file")}
        </button>
      </div>
    </ActionForm>
  );
}

function AmendmentAdmin({ ctx, params, amendment }: { ctx: ConsoleContext; params: Params; amendment: AmendmentView }) {
  const ref = { ...params, amendmentId: amendment.id };
  const name = amendment.number ?? tm("amendment.unnumbered");
  return (
    <AmendmentCard amendment={amendment}>
      {mayChange(ctx) && (
        <>
          <TransitionButtons
            subject={name}
            next={amendment.next}
            onMove={(to) => call(motionRoutes.transitionAmendment, { params: ref, body: { to } })}
          />
          <RecommendationForm
            current={amendment.recommendation}
            onSave={(recommendation) => call(motionRoutes.recommendAmendment, { params: ref, body: { recommendation } })}
          />
          {!amendment.state.final && <VoteButton ctx={ctx} params={params} amendmentId={amendment.id} agendaItemId={null} />}
        </>
      )}
    </AmendmentCard>
  );
}

/** The motion's own list of speakers, run right here; a chair opens it on the motion's agenda item first. */
function MotionSpeakers({ ctx, motionId, agendaItemId }: { ctx: ConsoleContext; motionId: string; agendaItemId: string | null }) {
  const list = ctx.speakers.model?.lists.find((candidate) => candidate.motionId === motionId);
  const open = useAction(async (itemId: string) => {
    await call(speakerRoutes.openSpeakerList, { params: { eventId: ctx.eventId }, body: { agendaItemId: itemId, motionId } });
  });
  if (list) return <ChairList ctx={ctx} list={list} title={speakerListTitle(list, ctx.live.model?.agenda ?? [])} />;
  if (!mayChange(ctx) || agendaItemId === null) return null;
  return (
    <div class="actions">
      <button type="button" disabled={open.busy} onClick={() => void open.run(agendaItemId)}>
        {t("speakers.openForMotion")}
      </button>
      <ErrorText error={open.error} />
    </div>
  );
}

/** One motion, live: its text in numbered lines, workflow steps, recommendation, amendments with their change views, votes and the final text. */
export function MotionDetail({ ctx, motionId }: { ctx: ConsoleContext; motionId: string }) {
  const live = useLiveView<MotionDetailView>(ctx.connection, Topics.motion(ctx.eventId, motionId));
  const view = live.model;
  if (!view) return <Busy />;
  const { motion } = view;
  const params = { eventId: ctx.eventId, motionId };
  const title = motion.number ? `${motion.number}: ${motion.title}` : motion.title;
  return (
    <article class="motion-detail stack" aria-labelledby="motion-title" data-motion-id={motionId}>
      <h3 id="motion-title">
        {title}{" "}
        <span class={`pill state-${motion.state.accepted ? "accepted" : motion.state.final ? "final" : "open"}`}>{motion.state.name}</span>
      </h3>
      <p class="muted">{tm("motion.submittedBy", { names: submitterNames(motion.submitters) })}</p>
      <p class="muted" data-testid="supporters">
        {tm("motion.supporters", { count: motion.supporters, min: motion.minSupporters })}
        {motion.supporterNames.length > 0 && ` · ${motion.supporterNames.join(", ")}`}
      </p>
      {motion.recommendation && <p class="recommendation">{recommendationLine(motion.recommendation)}</p>}
      {mayChange(ctx) && (
        <>
          <TransitionButtons
            subject={title}
            next={motion.next}
            onMove={(to) => call(motionRoutes.transitionMotion, { params, body: { to } })}
          />
          <RecommendationForm
            current={motion.recommendation}
            onSave={(recommendation) => call(motionRoutes.recommendMotion, { params, body: { recommendation } })}
          />
        </>
      )}
      <MotionSpeakers ctx={ctx} motionId={motionId} agendaItemId={motion.agendaItemId} />
      <NumberedLines lines={view.lines} />
      <Reason html={motion.reasonHtml} />
      <section class="stack" aria-label={tm("amendment.list")}>
        <h4>{tm("amendment.list")}</h4>
        {view.amendments.length === 0 && <p class="muted">{tm("amendment.none")}</p>}
        {view.amendments.map((amendment) => (
          <AmendmentAdmin key={amendment.id} ctx={ctx} params={params} amendment={amendment} />
        ))}
        {mayChange(ctx) && motion.allowsAmendments && <AmendmentForm params={params} view={view} />}
      </section>
      <FinalText final={view.finalText} />
      <section aria-label={tm("motion.votes")}>
        <h4>{tm("motion.votes")}</h4>
        <ul>
          {view.polls.map((poll) => (
            <li key={poll.pollId} data-poll-id={poll.pollId}>
              {poll.title} · {t(`poll.status.${poll.status}`)}
            </li>
          ))}
        </ul>
        {mayChange(ctx) && !motion.state.final && <VoteButton ctx={ctx} params={params} agendaItemId={motion.agendaItemId} />}
      </section>
      <ErrorText error={live.refusal} />
    </article>
  );
}
