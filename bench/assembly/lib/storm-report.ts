import type { StormResult } from "./join-storm.ts";

/** Per-chair rates over the seconds the chairs were connected. */
export function chairRates(result: StormResult): {
  messagesMean: number;
  messagesMax: number;
  bytesMean: number;
  bytesMax: number;
  fetchedMean: number;
} {
  const series = result.chairs.series;
  const seconds = Math.max(1, series.length);
  return {
    messagesMean: series.reduce((s, p) => s + p.messages, 0) / seconds,
    messagesMax: Math.max(0, ...series.map((p) => p.messages)),
    bytesMean: series.reduce((s, p) => s + p.bytes, 0) / seconds,
    bytesMax: Math.max(0, ...series.map((p) => p.bytes)),
    fetchedMean: series.reduce((s, p) => s + p.fetchedBytes, 0) / seconds,
  };
}
