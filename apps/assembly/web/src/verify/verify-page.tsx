import { useState } from "preact/hooks";
import { canonicalJson } from "../../../src/domain/canonical-json.ts";
import { fingerprintInPdf, parseSha256 } from "../../../src/domain/record-fingerprint.ts";
import { t } from "../i18n.ts";
import { LanguageSwitch } from "../ui/language-switch.tsx";
import { sha256Hex } from "../ui/sha256.ts";
import { useAction } from "../ui/use-action.ts";
import { verifyText } from "./verify-texts.ts";

type Problem = Parameters<typeof verifyText>[0] | "crypto.unavailable";
type Outcome = { readonly match: boolean; readonly actual: string; readonly expected: string } | { readonly problem: Problem };

/** The hash the PDF names, or the one typed; a problem when there is neither. */
async function expectedHash(pdf: File | null, typed: string): Promise<string | { problem: Problem }> {
  if (typed.trim() !== "") return parseSha256(typed) ?? { problem: "verify.noHash" };
  if (pdf === null) return { problem: "verify.noHash" };
  // PDF metadata in ASCII is stored as plain bytes (see domain/record-fingerprint.ts).
  const named = fingerprintInPdf(new TextDecoder("latin1").decode(await pdf.arrayBuffer()));
  return named ?? { problem: "verify.pdfNoHash" };
}

async function verify(json: File | null, pdf: File | null, typed: string): Promise<Outcome> {
  if (json === null) return { problem: "verify.noJson" };
  let data: unknown;
  try {
    data = JSON.parse(await json.text());
  } catch {
    return { problem: "verify.badJson" };
  }
  const expected = await expectedHash(pdf, typed);
  if (typeof expected !== "string") return expected;
  const actual = await sha256Hex(canonicalJson(data));
  if (actual === null) return { problem: "crypto.unavailable" };
  return { match: actual === expected, actual, expected };
}

/**
 * `/verify`: anyone with a JSON export and a PDF of the record checks that
 * the one was made from the other, in the browser, without signing in (the
 * same check as the `verify` command).
 */
export function VerifyPage() {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const check = useAction(async (form: HTMLFormElement) => {
    setOutcome(null);
    const data = new FormData(form);
    const file = (name: string): File | null => {
      const value = data.get(name);
      return value instanceof File && value.size > 0 ? value : null;
    };
    setOutcome(await verify(file("json"), file("pdf"), String(data.get("hash") ?? "")));
  });
  return (
    <main class="narrow">
      <header class="bar">
        <h1>{verifyText("verify.title")}</h1>
        <LanguageSwitch />
      </header>
      <p class="muted">{verifyText("verify.explain")}</p>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void check.run(event.currentTarget);
        }}
      >
        <label>
          {verifyText("verify.json")}
          <input type="file" name="json" accept="application/json,.json" />
        </label>
        <label>
          {verifyText("verify.pdf")}
          <input type="file" name="pdf" accept="application/pdf,.pdf" />
        </label>
        <label>
          {verifyText("verify.hash")}
          <input name="hash" autocomplete="off" spellcheck={false} maxLength={100} />
        </label>
        <button type="submit" class="primary" disabled={check.busy}>
          {verifyText("verify.check")}
        </button>
      </form>
      {outcome && "problem" in outcome && (
        <p role="alert" class="error" data-testid="verify-outcome">
          {outcome.problem === "crypto.unavailable" ? t(outcome.problem) : verifyText(outcome.problem)}
        </p>
      )}
      {outcome && "match" in outcome && (
        <div role="status" class={outcome.match ? "success" : "error"} data-testid="verify-outcome">
          <p>{verifyText(outcome.match ? "verify.match" : "verify.mismatch")}</p>
          <p>
            <code class="record-hash">{verifyText("verify.hashes", { actual: outcome.actual, expected: outcome.expected })}</code>
          </p>
        </div>
      )}
    </main>
  );
}
