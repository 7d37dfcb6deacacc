import { useId, useState } from "preact/hooks";
import { t } from "../i18n.ts";

/** One choice a split may give weight to, as the voter reads it. */
export interface SplitChoice<C> {
  readonly key: string;
  readonly label: string;
  readonly choice: C;
}

export interface SplitPart<C> {
  readonly weight: number;
  readonly choice: C;
}

/** Switches a principal's ballot between one choice for the whole weight and a split. */
export function SplitSwitch({
  splitting,
  disabled,
  onChange,
}: {
  splitting: boolean;
  disabled: boolean;
  onChange: (next: boolean) => void;
}) {
  return (
    <button type="button" class="split-switch" disabled={disabled} onClick={() => onChange(!splitting)}>
      {splitting ? t("vote.whole") : t("vote.split")}
    </button>
  );
}

/** A whole number typed into a part, 0 for an empty field; NaN for anything else. */
function amountOf(text: string | undefined): number {
  const trimmed = (text ?? "").trim();
  if (trimmed === "") return 0;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/**
 * Dividing one principal's weight between choices: a number per choice, and
 * as they change, how much is still to divide or how far over it is. The cast
 * is refused until every number is whole and together they are exactly the
 * weight (the server checks the same).
 */
export function SplitInput<C>({
  weight,
  choices,
  busy,
  onCast,
}: {
  weight: number;
  choices: readonly SplitChoice<C>[];
  busy: boolean;
  onCast: (parts: SplitPart<C>[]) => void;
}) {
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const statusId = useId();
  const parts = choices.map((entry) => ({ weight: amountOf(amounts[entry.key]), choice: entry.choice }));
  const whole = parts.every((part) => Number.isSafeInteger(part.weight));
  const left = weight - parts.reduce((sum, part) => sum + (Number.isSafeInteger(part.weight) ? part.weight : 0), 0);
  const ready = whole && left === 0;
  return (
    <form
      class="split"
      onSubmit={(event) => {
        event.preventDefault();
        if (ready) onCast(parts.filter((part) => part.weight > 0));
      }}
    >
      <fieldset>
        <legend>{t("vote.splitLegend", { weight })}</legend>
        {choices.map((entry) => (
          <label key={entry.key} class="option split-part">
            <span>{entry.label}</span>
            <input
              type="number"
              min={0}
              max={weight}
              step={1}
              inputMode="numeric"
              placeholder="0"
              value={amounts[entry.key] ?? ""}
              aria-describedby={statusId}
              disabled={busy}
              onInput={(event) => {
                const text = (event.currentTarget as HTMLInputElement).value;
                setAmounts((current) => ({ ...current, [entry.key]: text }));
              }}
            />
          </label>
        ))}
      </fieldset>
      <p id={statusId} role="status" class={left < 0 ? "error" : "muted"} data-testid="split-left">
        {left > 0
          ? t("vote.splitLeft", { left, weight })
          : left < 0
            ? t("vote.splitOver", { over: -left, weight })
            : t("vote.splitDone", { weight })}
      </p>
      <div class="choice-buttons">
        <button type="submit" class="big primary" disabled={busy || !ready}>
          {t("vote.splitSubmit")}
        </button>
      </div>
    </form>
  );
}
