/** A metric's value in Prometheus exposition text, summed over its label sets; undefined when absent. */
export function metricValue(text: string, name: string): number | undefined {
  const line = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "gm");
  let sum: number | undefined;
  for (const match of text.matchAll(line)) sum = (sum ?? 0) + Number(match[1]);
  return sum;
}
