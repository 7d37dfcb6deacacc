import type { ComponentChildren } from "preact";
import { tm } from "./motion-messages.ts";
import type { AmendmentView, LineView, MotionDetailView, Recommendation, SubmitterView } from "../model.ts";

/*
 * The motion book's text as everyone reads it. The HTML comes from the
 * server's renderer (domain/motion/markdown-html.ts), which escapes every
 * character and emits only p, h1-h6, ul, ol, li, em, strong and br: that
 * guarantee, tested with XSS payloads, is why it may be set as HTML here.
 */

/** "Committee: Accept in amended form (with A2)", in the reader's language. */
export function recommendationLine(recommendation: Recommendation): string {
  const { kind, label, recommender } = recommendation;
  const advice =
    kind === "other" ? (label ?? "") : label === null ? tm(`motion.recommend.${kind}`) : `${tm(`motion.recommend.${kind}`)} (${label})`;
  return `${recommender}: ${advice}`;
}

export const submitterNames = (submitters: readonly SubmitterView[]): string => submitters.map((s) => s.name).join(", ");

export function Html({ html, class: className }: { html: string; class?: string }) {
  return <div class={className} dangerouslySetInnerHTML={{ __html: html }} />;
}

function marker(line: LineView): string {
  if (!line.blockStart || line.block.type !== "list_item") return "";
  return line.block.ordered ? `${line.block.ordinal}. ` : "• ";
}

/** The text in numbered lines, as the printed motion book has it; amendments refer to these numbers. */
export function NumberedLines({ lines }: { lines: readonly LineView[] }) {
  return (
    <ol class="numbered-lines" aria-label={tm("motion.text")}>
      {lines.map((line) => (
        <li
          key={line.number}
          value={line.number}
          class={`line ${line.block.type === "heading" ? "heading" : ""} ${line.blockStart ? "block-start" : ""}`}
          data-line={line.number}
        >
          <span class="line-number" aria-hidden="true">
            {line.number}
          </span>
          <span class="line-text">
            {marker(line)}
            <span dangerouslySetInnerHTML={{ __html: line.html }} />
          </span>
        </li>
      ))}
    </ol>
  );
}

/** Old against new text, word by word: deletions struck, insertions underlined. */
export function ChangeView({ change }: { change: NonNullable<AmendmentView["change"]> }) {
  return (
    <p class="change-view" data-testid="change-view">
      {change.segments.map((segment, index) =>
        segment.op === "equal" ? (
          <span key={index}>{segment.text}</span>
        ) : segment.op === "delete" ? (
          <del key={index}>{segment.text}</del>
        ) : (
          <ins key={index}>{segment.text}</ins>
        ),
      )}
    </p>
  );
}

export function AmendmentCard({ amendment, children }: { amendment: AmendmentView; children?: ComponentChildren }) {
  const lines =
    amendment.lineFrom === amendment.lineTo
      ? tm("amendment.line", { line: amendment.lineFrom })
      : tm("amendment.lines", { from: amendment.lineFrom, to: amendment.lineTo });
  return (
    <article class="amendment" data-amendment-id={amendment.id} aria-labelledby={`amendment-${amendment.id}`}>
      <h4 id={`amendment-${amendment.id}`}>
        {amendment.number ?? tm("amendment.unnumbered")} · {lines}{" "}
        <span class={`pill state-${amendment.state.accepted ? "accepted" : amendment.state.final ? "final" : "open"}`}>
          {amendment.state.name}
        </span>
      </h4>
      <p class="muted">{tm("motion.submittedBy", { names: submitterNames(amendment.submitters) })}</p>
      {amendment.recommendation && <p class="recommendation">{recommendationLine(amendment.recommendation)}</p>}
      {amendment.change ? <ChangeView change={amendment.change} /> : <p class="notice">{tm("amendment.stale")}</p>}
      {amendment.reasonHtml && <Html html={amendment.reasonHtml} class="reason" />}
      {children}
    </article>
  );
}

/** The final text after the accepted amendments, or why it cannot be made yet. */
export function FinalText({ final }: { final: MotionDetailView["finalText"] }) {
  if ("error" in final) {
    return (
      <p class="error" role="alert">
        {tm(final.error === "amendment_conflict" ? "motion.final.conflict" : "motion.final.stale")}
      </p>
    );
  }
  return (
    <section class="final-text" aria-label={tm("motion.final")} data-testid="final-text">
      <h4>{tm("motion.final")}</h4>
      {!final.changed && <p class="muted">{tm("motion.final.unchanged")}</p>}
      <Html html={final.html} />
    </section>
  );
}

/** The reason given for a motion, under its heading; nothing when none was given. */
export function Reason({ html }: { html: string }) {
  if (html === "") return null;
  return (
    <section>
      <h4>{tm("motion.reason")}</h4>
      <Html html={html} class="reason" />
    </section>
  );
}
