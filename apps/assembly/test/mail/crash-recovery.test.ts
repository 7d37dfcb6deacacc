import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.ts";
import { SmtpSink } from "./smtp-sink.ts";

const CHILD = fileURLToPath(new URL("./outbox-child.ts", import.meta.url));
const PEOPLE = 12;

const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function eventually(probe: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function sender(sqlitePath: string, port: number, secret: Buffer, sendTimeoutMs: number, staleAfterMs: number): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, sqlitePath, String(port), String(sendTimeoutMs), String(staleAfterMs)], {
    env: { ...process.env, BALLOT_SECRET: secret.toString("hex") },
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanup.push(() => void child.kill("SIGKILL"));
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

describe("a sender killed mid-run", () => {
  it("sends every participant at most one mail: the rest after a restart, the interrupted ones reported uncertain", async () => {
    const dir = await mkdtemp(join(tmpdir(), "plenum-mail-crash-"));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const sqlitePath = join(dir, "plenum.sqlite");
    const secret = randomBytes(32);

    const store = await openStore({ sqlitePath, ballotSecret: secret });
    const event = await store.events.create({ name: "Crash convention" });
    const ids = await store.participants.addMany(
      event.id,
      Array.from({ length: PEOPLE }, (_, i) => ({ name: `Member ${String(i).padStart(2, "0")}`, email: `m${i}@example.org` })),
    );
    expect(await store.mail.queue(event.id, { kind: "all" }, "invitation")).toHaveLength(PEOPLE);
    await store.close();

    // The first four are answered; from the fifth on the server keeps the message and never answers.
    let answered = 0;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const sink = await SmtpSink.start({ beforeAnswer: () => (++answered <= 4 ? Promise.resolve() : held) });
    cleanup.push(() => sink.close());
    cleanup.push(() => release());

    const first = sender(sqlitePath, sink.port, secret, 60_000, 120_000);
    await eventually(() => sink.messages.length >= 5, "part of the batch handed over");
    first.kill("SIGKILL");
    await exited(first);
    release();
    const delivered = sink.messages.length;
    expect(delivered).toBeLessThan(PEOPLE);

    const second = sender(sqlitePath, sink.port, secret, 2000, 3000);
    const db = new SQLite(sqlitePath, { readonly: true, fileMustExist: true });
    cleanup.push(() => {
      db.close();
    });
    const states = () =>
      new Map(
        (db.prepare("select participant_id, state from mail_outbox").all() as { participant_id: string; state: string }[]).map((row) => [
          row.participant_id,
          row.state,
        ]),
      );
    await eventually(() => [...states().values()].every((state) => state === "sent" || state === "uncertain"), "the rest sent");
    second.kill("SIGKILL");
    await exited(second);

    const final = states();
    const addressOf = new Map(ids.map((id, i) => [id, `m${i}@example.org`]));
    const uncertain = ids.filter((id) => final.get(id) === "uncertain");
    expect(uncertain.length).toBeGreaterThanOrEqual(1);
    expect(uncertain.length).toBeLessThanOrEqual(2);
    for (const id of ids) {
      const received = sink.to(addressOf.get(id)!).length;
      // Never two; a sent one arrived exactly once; an uncertain one at most once.
      if (final.get(id) === "sent") expect(received, `${addressOf.get(id)} is sent`).toBe(1);
      else expect(received, `${addressOf.get(id)} is uncertain`).toBeLessThanOrEqual(1);
    }
    // Nothing lost: all that were still queued at the kill went out after the restart.
    expect(sink.messages.length).toBeGreaterThan(delivered);
    expect(ids.filter((id) => final.get(id) === "sent").length + uncertain.length).toBe(PEOPLE);
    const reasons = db.prepare("select last_error from mail_outbox where state = 'uncertain'").all() as { last_error: string }[];
    expect(reasons.every((row) => /may or may not have been delivered/.test(row.last_error))).toBe(true);
  }, 60_000);
});
