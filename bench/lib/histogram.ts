/** Sparse form of a histogram, small enough to cross process boundaries: [bucket, count] pairs. */
export type SparseHistogram = [number, number][];

const BUCKET_MS = 0.1;

/**
 * Latency histogram with fixed 0.1 ms buckets up to `maxMs` (larger values
 * land in the last bucket). Recording is O(1) and allocation-free, so a load
 * client can record millions of deliveries without distorting what it measures;
 * client processes ship it sparse and the runner merges.
 */
export class Histogram {
  readonly #counts: Uint32Array;
  #count = 0;

  constructor(maxMs = 120_000) {
    this.#counts = new Uint32Array(Math.ceil(maxMs / BUCKET_MS) + 1);
  }

  get count(): number {
    return this.#count;
  }

  record(ms: number): void {
    const bucket = Math.min(this.#counts.length - 1, Math.max(0, Math.round(ms / BUCKET_MS)));
    this.#counts[bucket]!++;
    this.#count++;
  }

  /** The value at quantile `q` (0..1), in ms; NaN when empty. */
  quantile(q: number): number {
    if (this.#count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.#count));
    let seen = 0;
    for (let bucket = 0; bucket < this.#counts.length; bucket++) {
      seen += this.#counts[bucket]!;
      if (seen >= rank) return bucket * BUCKET_MS;
    }
    return (this.#counts.length - 1) * BUCKET_MS;
  }

  toSparse(): SparseHistogram {
    const out: SparseHistogram = [];
    this.#counts.forEach((count, bucket) => {
      if (count > 0) out.push([bucket, count]);
    });
    return out;
  }

  merge(sparse: SparseHistogram): this {
    for (const [bucket, count] of sparse) {
      const index = Math.min(this.#counts.length - 1, bucket);
      this.#counts[index]! += count;
      this.#count += count;
    }
    return this;
  }

  reset(): void {
    this.#counts.fill(0);
    this.#count = 0;
  }
}
