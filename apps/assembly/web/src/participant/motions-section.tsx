import { useState } from "preact/hooks";
import { participantMotionRoutes } from "../../../src/api/routes/participant-motions.ts";
import { Topics } from "../../../src/api/topics.ts";
import { call } from "../api.ts";
import { t } from "../i18n.ts";
import { tm } from "../motions/motion-messages.ts";
import type { Connection } from "../live/connection.ts";
import { useLiveView } from "../live/hooks.ts";
import type { MotionDetailView, MotionListView } from "../model.ts";
import { AmendmentFields, amendmentInput } from "../motions/amendment-fields.tsx";
import { AmendmentCard, FinalText, NumberedLines, Reason, recommendationLine, submitterNames } from "../motions/motion-text.tsx";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { ActionForm } from "../ui/action-form.tsx";
import { Field } from "../ui/field.tsx";
import { useAction } from "../ui/use-action.ts";

/** A participant's own amendment to the motion read; they are its submitter. */
function ProposeAmendment({ view, onDone }: { view: MotionDetailView; onDone: () => void }) {
  const propose = useAction(async (form: HTMLFormElement) => {
    await call(participantMotionRoutes.submitAmendment, { params: { motionId: view.motion.id }, body: amendmentInput(new FormData(form)) });
    onDone();
  });
  return (
    <ActionForm label={tm("amendment.propose")} action={propose}>
      <AmendmentFields view={view} />
      <button type="submit" class="primary" disabled={propose.busy}>
        {tm("amendment.file")}
      </button>
    </ActionForm>
  );
}

function MotionReader({
  connection,
  eventId,
  motionId,
  me,
  amendable,
  onBack,
}: {
  connection: Connection | null;
  eventId: string;
  motionId: string;
  me: string;
  /** The chairs take amendments from participants. */
  amendable: boolean;
  onBack: () => void;
}) {
  const [proposing, setProposing] = useState(false);
  const live = useLiveView<MotionDetailView>(connection, Topics.motion(eventId, motionId));
  const view = live.model;
  const supported = view?.motion.supporterIds.includes(me) ?? false;
  const toggle = useAction(async () => {
    const route = supported ? participantMotionRoutes.withdrawSupport : participantMotionRoutes.supportMotion;
    await call(route, { params: { motionId } });
  });
  if (!view) return <Busy />;
  const { motion } = view;
  const own = motion.submitters.some((submitter) => submitter.participantId === me);
  return (
    <article class="motion-reader stack" aria-labelledby="reader-title">
      <button type="button" class="link" onClick={onBack}>
        {tm("motions.back")}
      </button>
      <h3 id="reader-title">
        {motion.number ? `${motion.number}: ${motion.title}` : motion.title} <span class="pill">{motion.state.name}</span>
      </h3>
      <p class="muted">{tm("motion.submittedBy", { names: submitterNames(motion.submitters) })}</p>
      {motion.recommendation && <p class="recommendation">{recommendationLine(motion.recommendation)}</p>}
      <p class="muted" data-testid="supporters">
        {tm("motion.supporters", { count: motion.supporters, min: motion.minSupporters })}
      </p>
      {motion.allowsSupport && !own && (
        <div class="actions">
          <button
            type="button"
            class={supported ? "" : "primary"}
            aria-pressed={supported}
            disabled={toggle.busy}
            onClick={() => void toggle.run()}
          >
            {tm(supported ? "motion.support.withdraw" : "motion.support")}
          </button>
        </div>
      )}
      <ErrorText error={toggle.error} />
      <NumberedLines lines={view.lines} />
      <Reason html={motion.reasonHtml} />
      {view.amendments.length > 0 && (
        <section class="stack" aria-label={tm("amendment.list")}>
          <h4>{tm("amendment.list")}</h4>
          {view.amendments.map((amendment) => (
            <AmendmentCard key={amendment.id} amendment={amendment} />
          ))}
          <FinalText final={view.finalText} />
        </section>
      )}
      {amendable &&
        motion.allowsAmendments &&
        (proposing ? (
          <ProposeAmendment view={view} onDone={() => setProposing(false)} />
        ) : (
          <button type="button" onClick={() => setProposing(true)}>
            {tm("amendment.propose")}
          </button>
        ))}
    </article>
  );
}

function SubmitMotionForm({ onDone }: { onDone: (motionId: string) => void }) {
  const submit = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const coSubmitter = String(data.get("coSubmitter") ?? "").trim();
    const { motion } = await call(participantMotionRoutes.submitMotion, {
      body: {
        title: String(data.get("title") ?? ""),
        text: String(data.get("text") ?? ""),
        reason: String(data.get("reason") ?? ""),
        coSubmitters: coSubmitter === "" ? [] : [coSubmitter],
      },
    });
    form.reset();
    onDone(motion.id);
  });
  return (
    <ActionForm label={tm("motions.submit")} action={submit} class="">
      <Field label={tm("motion.title")} name="title" maxLength={200} required />
      <label>
        {tm("motion.text")}
        <textarea name="text" rows={5} required />
      </label>
      <label>
        {tm("motion.reason")}
        <textarea name="reason" rows={3} />
      </label>
      <Field label={tm("motions.coSubmitter")} name="coSubmitter" maxLength={200} />
      <button type="submit" class="primary" disabled={submit.busy}>
        {tm("motions.submitButton")}
      </button>
    </ActionForm>
  );
}

/** The motion book on the phone: the live list, one motion to read and support, and a motion of one's own when the chairs allow it. */
export function MotionsSection({ connection, eventId, me }: { connection: Connection | null; eventId: string; me: string }) {
  const live = useLiveView<MotionListView>(connection, Topics.motions(eventId));
  const [selected, setSelected] = useState<string | null>(null);
  const [writing, setWriting] = useState(false);
  const list = live.model;
  return (
    <section aria-labelledby="motions" class="stack">
      <h2 id="motions">{t("participant.motions")}</h2>
      {selected ? (
        <MotionReader
          connection={connection}
          eventId={eventId}
          motionId={selected}
          me={me}
          amendable={list?.participantAmendments ?? false}
          onBack={() => setSelected(null)}
        />
      ) : (
        <>
          {list?.motions.length === 0 && <p class="muted">{tm("motions.none")}</p>}
          <ul class="motion-cards">
            {list?.motions.map((motion) => (
              <li key={motion.id}>
                <button type="button" class="motion-card" onClick={() => setSelected(motion.id)}>
                  <strong>{motion.number ? `${motion.number}: ${motion.title}` : motion.title}</strong>
                  <span class="muted">
                    {motion.state.name} · {tm("motion.supportersCount", { count: motion.supporters })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {list?.participantMotions &&
            (writing ? (
              <SubmitMotionForm
                onDone={(motionId) => {
                  setWriting(false);
                  setSelected(motionId);
                }}
              />
            ) : (
              <button type="button" onClick={() => setWriting(true)}>
                {tm("motions.submit")}
              </button>
            ))}
        </>
      )}
    </section>
  );
}
