/** Order statistics of a sample (nearest rank); NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    p50: quantile(values, 0.5),
    p90: quantile(values, 0.9),
    p99: quantile(values, 0.99),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
  };
}

/** A Markdown table (first row is the header), for the console and docs alike. */
export function markdownTable(rows: readonly (readonly (string | number)[])[]): string {
  const [header, ...body] = rows;
  if (!header) return "";
  const cells = (row: readonly (string | number)[]): string => `| ${row.map((cell) => String(cell)).join(" | ")} |`;
  return [cells(header), `|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`, ...body.map(cells)].join("\n");
}

export const MB = 1024 * 1024;
