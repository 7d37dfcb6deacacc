import { useState } from "preact/hooks";
import { tm } from "./motion-messages.ts";
import type { MotionDetailView } from "../model.ts";

/** What the fields below put in their form, read on submit. */
export function amendmentInput(data: FormData): { lineFrom: number; lineTo: number; text: string; reason: string } {
  return {
    lineFrom: Number(data.get("lineFrom")),
    lineTo: Number(data.get("lineTo")),
    text: String(data.get("text") ?? ""),
    reason: String(data.get("reason") ?? ""),
  };
}

/**
 * The lines an amendment replaces and its replacement, prefilled with exactly
 * the source of those lines (as the domain's `sourceOfLines`, markers
 * included): left unedited it changes nothing, and the server says so.
 */
export function AmendmentFields({ view }: { view: MotionDetailView }) {
  const [from, setFrom] = useState(1);
  const [to, setTo] = useState(1);
  const [replacement, setReplacement] = useState<string | null>(null);
  const first = view.lines[from - 1];
  const last = view.lines[to - 1];
  const source = first && last && from <= to ? view.motion.text.slice(first.start, last.end) : "";
  const max = view.lines.length;
  const lineField = (name: string, label: string, value: number, set: (line: number) => void) => (
    <label>
      {label}
      <input
        name={name}
        type="number"
        min={1}
        max={max}
        value={value}
        onInput={(event) => {
          set(Number(event.currentTarget.value));
          setReplacement(null);
        }}
      />
    </label>
  );
  return (
    <>
      <div class="row">
        {lineField("lineFrom", tm("amendment.from"), from, setFrom)}
        {lineField("lineTo", tm("amendment.to"), to, setTo)}
      </div>
      <label>
        {tm("amendment.replacement")}
        <textarea name="text" rows={3} value={replacement ?? source} onInput={(event) => setReplacement(event.currentTarget.value)} />
      </label>
      <label>
        {tm("motion.reason")}
        <textarea name="reason" rows={2} />
      </label>
    </>
  );
}
