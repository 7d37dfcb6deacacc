import { pino } from "pino";
import { expect, it } from "vitest";
import { BoundedLog, loggable } from "../../src/transport/bounded-log.ts";

it("writes a kind at most once per interval and reports what it held back", async () => {
  const lines: Record<string, unknown>[] = [];
  const log = new BoundedLog(pino({ level: "warn" }, { write: (line: string) => void lines.push(JSON.parse(line)) }), 50);
  for (let i = 0; i < 3; i++) log.warn("origin", { n: i }, "refused");
  log.warn("vsn", { n: 9 }, "other kind");
  expect(lines.map(({ n, suppressed, msg }) => ({ n, suppressed, msg }))).toEqual([
    { n: 0, suppressed: 0, msg: "refused" },
    { n: 9, suppressed: 0, msg: "other kind" },
  ]);
  await new Promise((resolve) => setTimeout(resolve, 70));
  log.warn("origin", { n: 3 }, "refused");
  expect(lines.at(-1)).toMatchObject({ n: 3, suppressed: 2 });
});

it("cuts long untrusted values", () => {
  expect(loggable("x".repeat(500))).toHaveLength(201);
  expect(loggable("short")).toBe("short");
});
