/** Deals `items` round-robin into `parts` lists (one per load process). */
export function split<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = Array.from({ length: parts }, () => []);
  items.forEach((item, i) => {
    out[i % parts]!.push(item);
  });
  return out;
}
