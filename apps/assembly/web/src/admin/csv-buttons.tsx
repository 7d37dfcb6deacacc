import { t } from "./console-texts.ts";

export type CsvSeparatorName = "semicolon" | "comma";

/** Excel first: German Excel opens only `;` files (with decimal commas) as columns. */
export const csvSeparatorNames = ["semicolon", "comma"] as const satisfies readonly CsvSeparatorName[];

/** One CSV export offered twice: for Excel (`;`) and for programs that expect `,`. */
export function CsvButtons({ what, busy, onDownload }: { what: string; busy: boolean; onDownload: (separator: CsvSeparatorName) => void }) {
  return (
    <>
      {csvSeparatorNames.map((separator) => (
        <button key={separator} type="button" disabled={busy} onClick={() => onDownload(separator)}>
          {t("csv.download", { what, format: t(`csv.${separator}`) })}
        </button>
      ))}
    </>
  );
}
