import type { Pacing } from "./commands.ts";

/**
 * Runs `task(i)` for i in 0..n-1 with at most `concurrency` at once, task i
 * starting no earlier than `i * spreadMs / n` after the call: a crowd arriving
 * over a window, or (spreadMs 0) a burst as fast as the pool allows. No task
 * starts after `deadlineMs`; returns how many started.
 */
export async function paced(n: number, pacing: Pacing, task: (i: number) => Promise<void>): Promise<number> {
  const { spreadMs, concurrency, deadlineMs = Number.POSITIVE_INFINITY } = pacing;
  const start = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n && performance.now() - start < deadlineMs) {
      const i = next++;
      const due = start + (i * spreadMs) / n - performance.now();
      if (due > 1) await new Promise((resolve) => setTimeout(resolve, due));
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, n)) }, worker));
  return next;
}

/** CPU (user + system) this process has used, in seconds. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
