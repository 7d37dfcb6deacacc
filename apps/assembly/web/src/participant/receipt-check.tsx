import { useState } from "preact/hooks";
import { ballotRoutes } from "../../../src/api/routes/ballots.ts";
import { isReceiptFormat, normaliseReceipt } from "../../../src/domain/receipt.ts";
import { call } from "../api.ts";
import { receiptText } from "../ui/receipt-texts.ts";
import type { PollView } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";

type Answer = { readonly kind: "counted"; readonly poll: string } | { readonly kind: "notCounted" } | { readonly kind: "format" };

/**
 * "Was my ballot counted?": the voter types (or picks from this device) a
 * receipt code and the server says whether a ballot with it was counted in
 * this assembly, and in which vote, never how it was cast.
 */
export function ReceiptCheck({
  polls,
  remembered,
}: {
  polls: readonly PollView[];
  remembered: readonly { pollId: string; code: string }[];
}) {
  const [code, setCode] = useState("");
  const [answer, setAnswer] = useState<Answer | null>(null);
  const check = useAction(async (typed: string) => {
    setAnswer(null);
    const receipt = normaliseReceipt(typed);
    if (!isReceiptFormat(receipt)) return setAnswer({ kind: "format" });
    const result = await call(ballotRoutes.checkReceipt, { params: { receipt } });
    const poll = polls.find((candidate) => candidate.id === result.pollId);
    setAnswer(result.counted ? { kind: "counted", poll: poll?.title ?? "—" } : { kind: "notCounted" });
  });
  const titleOf = (pollId: string) => polls.find((poll) => poll.id === pollId)?.title ?? "—";
  return (
    <section aria-labelledby="receipt-check" class="stack">
      <h2 id="receipt-check">{receiptText("receipt.title")}</h2>
      <p class="muted">{receiptText("receipt.explain")}</p>
      {remembered.length > 0 && (
        <div>
          <p>{receiptText("receipt.onDevice")}</p>
          <ul class="remembered-receipts">
            {remembered.map(({ pollId, code: receipt }) => (
              <li key={`${pollId}-${receipt}`}>
                <button type="button" onClick={() => setCode(receipt)}>
                  {titleOf(pollId)}: <code>{receipt}</code>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          void check.run(code);
        }}
      >
        <label>
          {receiptText("receipt.code")}
          <input
            name="receipt"
            value={code}
            onInput={(event) => setCode((event.currentTarget as HTMLInputElement).value)}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            maxLength={40}
          />
        </label>
        <button type="submit" disabled={check.busy}>
          {receiptText("receipt.check")}
        </button>
      </form>
      <ErrorText error={check.error} />
      {answer && (
        <p role="status" class={answer.kind === "counted" ? "success" : "error"} data-testid="receipt-answer">
          {answer.kind === "counted"
            ? receiptText("receipt.counted", { poll: answer.poll })
            : receiptText(answer.kind === "format" ? "receipt.format" : "receipt.notCounted")}
        </p>
      )}
    </section>
  );
}
