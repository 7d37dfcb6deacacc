import { rssBytes } from "./proc-stats.ts";

export interface RssSample {
  /** Seconds since the sampler started. */
  readonly t: number;
  readonly rss: number;
}

/** Samples a process's RSS at a fixed period, for "RSS over time" plots. `close` twice is safe. */
export class RssSampler {
  readonly samples: RssSample[] = [];
  readonly #pid: number;
  readonly #started = Date.now();
  readonly #timer: NodeJS.Timeout;

  constructor(pid: number, everyMs = 250) {
    this.#pid = pid;
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), everyMs).unref();
  }

  close(): void {
    clearInterval(this.#timer);
  }

  #sample(): void {
    try {
      this.samples.push({ t: (Date.now() - this.#started) / 1000, rss: rssBytes(this.#pid) });
    } catch {
      // The process exited between samples; the series simply ends.
      this.close();
    }
  }
}
