import type { Amendment } from "../domain/motion/amendment.ts";
import { amendmentChange } from "../domain/motion/amendment.ts";
import { isDomainError } from "../domain/errors.ts";
import { finalText } from "../domain/motion/final-text.ts";
import { numberLines } from "../domain/motion/line-numbering.ts";
import { renderInlinesHtml, renderMarkdownHtml } from "../domain/motion/markdown-html.ts";
import type { Motion } from "../domain/motion/motion.ts";
import type { Submitter } from "../domain/motion/submitter.ts";
import { type Workflow, workflowState } from "../domain/motion/workflow.ts";
import type { Store } from "../store/store.ts";
import type {
  StateView,
  SubmitterView,
  MotionSummary,
  MotionListView,
  LineView,
  AmendmentView,
  MotionDetailView,
} from "../api/motion-views.ts";

/*
 * The motion book as live views: the list (topic `event:<id>:motions`) and
 * one motion with its amendments (`event:<id>:motion:<motionId>`). Everyone
 * in the event sees the same, so one render serves every subscriber; a
 * change re-renders one motion's view and the list, and the clients get a
 * patch of what changed, never the book again.
 */

const stateView = (workflow: Workflow, id: string): StateView => {
  const { name, final, accepted } = workflowState(workflow, id);
  return { id, name, final, accepted };
};

const nextStates = (workflow: Workflow, id: string): StateView[] =>
  workflowState(workflow, id).next.map((next) => stateView(workflow, next));

/** Names of the participants among `ids`, read once per render. */
async function namesOf(store: Store, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const participants = await Promise.all(unique.map((id) => store.participants.get(id).catch(() => undefined)));
  return new Map(unique.flatMap((id, i) => (participants[i] ? [[id, participants[i].name] as const] : [])));
}

const participantIdsOf = (submitters: readonly Submitter[]) =>
  submitters.flatMap((s) => (s.kind === "participant" ? [s.participantId] : []));

function submitterViews(submitters: readonly Submitter[], names: ReadonlyMap<string, string>): SubmitterView[] {
  return submitters.map((s) =>
    s.kind === "name" ? { name: s.name, participantId: null } : { name: names.get(s.participantId) ?? "?", participantId: s.participantId },
  );
}

function summary(motion: Motion, workflow: Workflow, names: ReadonlyMap<string, string>, amendments: number): MotionSummary {
  return {
    id: motion.id,
    number: motion.number,
    title: motion.title,
    state: stateView(workflow, motion.state),
    category: motion.category,
    agendaItemId: motion.agendaItemId,
    submitters: submitterViews(motion.submitters, names),
    supporters: motion.supporters.length,
    minSupporters: motion.minSupporters,
    recommendation: motion.recommendation,
    amendments,
  };
}

export async function renderMotionList(store: Store, eventId: string): Promise<MotionListView> {
  const [settings, motions] = await Promise.all([store.motions.settings(eventId), store.motions.list(eventId)]);
  const [names, counts] = await Promise.all([
    namesOf(
      store,
      motions.flatMap((m) => participantIdsOf(m.submitters)),
    ),
    Promise.all(motions.map((m) => store.motions.listAmendments(m.id).then((list) => list.length))),
  ]);
  return {
    motions: motions.map((motion, i) => summary(motion, settings.workflow, names, counts[i]!)),
    participantMotions: settings.participantMotions,
    participantAmendments: settings.participantAmendments,
  };
}

function amendmentView(motion: Motion, lineLength: number, workflow: Workflow, amendment: Amendment, names: ReadonlyMap<string, string>) {
  let change: AmendmentView["change"] = null;
  try {
    const { before, after, segments } = amendmentChange(motion.text, lineLength, amendment);
    change = { before, after, segments: [...segments] };
  } catch (error) {
    if (!isDomainError(error, "conflict")) throw error;
  }
  return {
    id: amendment.id,
    number: amendment.number,
    lineFrom: amendment.lineFrom,
    lineTo: amendment.lineTo,
    state: stateView(workflow, amendment.state),
    next: nextStates(workflow, amendment.state),
    recommendation: amendment.recommendation,
    submitters: submitterViews(amendment.submitters, names),
    reasonHtml: renderMarkdownHtml(amendment.reason),
    text: amendment.text,
    change,
  };
}

function finalTextView(
  motion: Motion,
  lineLength: number,
  workflow: Workflow,
  amendments: readonly Amendment[],
): MotionDetailView["finalText"] {
  try {
    const text = finalText(motion.text, lineLength, amendments, workflow);
    return { text, html: renderMarkdownHtml(text), changed: text !== motion.text };
  } catch (error) {
    if (isDomainError(error, "amendment_conflict")) return { error: "amendment_conflict", message: error.message };
    if (isDomainError(error, "conflict")) return { error: "conflict", message: error.message };
    throw error;
  }
}

/** The lines of `text` as the motion book prints them. */
export const lineViews = (text: string, lineLength: number): LineView[] =>
  numberLines(text, lineLength).map((line) => ({
    number: line.number,
    start: line.start,
    end: line.end,
    html: renderInlinesHtml(line.runs),
    block: line.block,
    blockStart: line.blockStart,
  }));

export async function renderMotionDetail(store: Store, eventId: string, motionId: string): Promise<MotionDetailView> {
  const [settings, motion, amendments, links] = await Promise.all([
    store.motions.settings(eventId),
    store.motions.get(motionId),
    store.motions.listAmendments(motionId),
    store.motions.linkedPolls(motionId),
  ]);
  if (motion.eventId !== eventId) throw new Error(`motion ${motionId} is not in event ${eventId}`);
  const { workflow, lineLength } = settings;
  const [names, polls] = await Promise.all([
    namesOf(store, [
      ...participantIdsOf(motion.submitters),
      ...amendments.flatMap((a) => participantIdsOf(a.submitters)),
      ...motion.supporters,
    ]),
    Promise.all(links.map((link) => store.polls.get(link.pollId))),
  ]);
  const state = workflowState(workflow, motion.state);
  return {
    motion: {
      ...summary(motion, workflow, names, amendments.length),
      text: motion.text,
      reasonHtml: renderMarkdownHtml(motion.reason),
      next: nextStates(workflow, motion.state),
      supporterIds: [...motion.supporters],
      supporterNames: motion.supporters.map((id) => names.get(id) ?? "?"),
      allowsSupport: state.allowsSupport,
      allowsAmendments: state.allowsAmendments,
    },
    lineLength,
    lines: lineViews(motion.text, lineLength),
    amendments: amendments.map((amendment) => amendmentView(motion, lineLength, workflow, amendment, names)),
    finalText: finalTextView(motion, lineLength, workflow, amendments),
    polls: polls.map((poll, i) => ({ pollId: poll.id, amendmentId: links[i]!.amendmentId, title: poll.title, status: poll.status })),
  };
}
