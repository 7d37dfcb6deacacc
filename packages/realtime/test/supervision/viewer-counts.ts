import type { Viewers } from "../../src/supervision/viewers.ts";

/** A {@link Viewers} whose counts the test sets, standing in for presence. */
export class ViewerCounts implements Viewers {
  readonly #counts = new Map<string, number>();
  readonly #listeners = new Set<(topic: string) => void>();

  set(topic: string, count: number): void {
    if (count > 0) this.#counts.set(topic, count);
    else this.#counts.delete(topic);
    for (const listener of [...this.#listeners]) listener(topic);
  }

  /** Changes the count without telling anyone: a missed presence event. */
  setSilently(topic: string, count: number): void {
    if (count > 0) this.#counts.set(topic, count);
    else this.#counts.delete(topic);
  }

  count(topic: string): number {
    return this.#counts.get(topic) ?? 0;
  }

  onChange(listener: (topic: string) => void): () => void {
    const entry = (topic: string) => listener(topic);
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  topics(): string[] {
    return [...this.#counts.keys()];
  }
}
