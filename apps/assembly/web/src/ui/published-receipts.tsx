import { useState } from "preact/hooks";
import type { PublishedReceipts as Published } from "../../../src/api/routes/ballots.ts";
import { isReceiptFormat, normaliseReceipt, receiptDigestInput } from "../../../src/domain/receipt.ts";
import { t } from "../i18n.ts";
import { receiptText } from "./receipt-texts.ts";
import { Busy } from "./busy.tsx";
import { ErrorText } from "./error-text.tsx";
import { sha256Hex } from "./sha256.ts";
import { useAction } from "./use-action.ts";

/** Lines shown at once: a list of 20,000 hashes is for searching, not for scrolling on a phone. */
const shownLines = 200;

type Listed = {
  readonly list: Published;
  readonly hashes: ReadonlySet<string>;
  readonly mine: readonly { code: string; listed: boolean }[];
};

const hashOf = (receipt: string): Promise<string | null> => sha256Hex(receiptDigestInput(receipt));

/**
 * A closed secret poll's published receipt codes (as their hashes), loaded
 * when opened: whether this device's receipts are among them, a search for
 * any code, and the list itself. `load` fetches it for the viewer's side
 * (participant or admin); nothing here names anyone.
 */
export function PublishedReceipts({ load, mine }: { load: () => Promise<Published>; mine: readonly string[] }) {
  const [listed, setListed] = useState<Listed | null>(null);
  const [found, setFound] = useState<"found" | "notFound" | "format" | "crypto" | null>(null);
  const open = useAction(async () => {
    if (listed) return;
    const list = await load();
    const hashes = new Set(list.receiptHashes);
    const ownHashes = await Promise.all(mine.map(hashOf));
    setListed({ list, hashes, mine: mine.map((code, index) => ({ code, listed: hashes.has(ownHashes[index] ?? "") })) });
  });
  const search = useAction(async (typed: string) => {
    const code = normaliseReceipt(typed);
    if (!isReceiptFormat(code)) return setFound("format");
    const hash = await hashOf(code);
    setFound(hash === null ? "crypto" : listed?.hashes.has(hash) ? "found" : "notFound");
  });
  const noCrypto = !globalThis.crypto?.subtle;
  return (
    <details class="published-receipts" onToggle={(event) => (event.currentTarget as HTMLDetailsElement).open && void open.run()}>
      <summary>{receiptText("receipt.published")}</summary>
      {open.busy && <Busy />}
      <ErrorText error={open.error} />
      {listed && (
        <div class="stack">
          <p class="muted">{receiptText("receipt.publishedCount", { count: listed.list.receiptHashes.length })}</p>
          {noCrypto && <p class="notice">{t("crypto.unavailable")}</p>}
          {!noCrypto &&
            listed.mine.map(({ code, listed: inList }) => (
              <p key={code} role="status" class={inList ? "success" : "error"} data-testid="receipt-listed">
                {receiptText(inList ? "receipt.mineListed" : "receipt.mineMissing", { code })}
              </p>
            ))}
          <form
            class="inline"
            onSubmit={(event) => {
              event.preventDefault();
              void search.run(String(new FormData(event.currentTarget).get("code") ?? ""));
            }}
          >
            <label>
              {receiptText("receipt.find")}
              <input name="code" autocomplete="off" autocapitalize="characters" spellcheck={false} maxLength={40} />
            </label>
            <button type="submit" disabled={search.busy}>
              {receiptText("receipt.check")}
            </button>
          </form>
          {found && (
            <p role="status" class={found === "found" ? "success" : "error"}>
              {found === "crypto" ? t("crypto.unavailable") : receiptText(found === "format" ? "receipt.format" : `receipt.${found}`)}
            </p>
          )}
          <ol class="receipt-hashes">
            {listed.list.receiptHashes.slice(0, shownLines).map((hash) => (
              <li key={hash}>
                <code>{hash}</code>
              </li>
            ))}
          </ol>
          {listed.list.receiptHashes.length > shownLines && (
            <p class="muted">{receiptText("receipt.more", { count: listed.list.receiptHashes.length - shownLines })}</p>
          )}
        </div>
      )}
    </details>
  );
}
