import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserHarness } from "./browser-harness.ts";

/** A chair makes a record and downloads its JSON and minutes; anyone checks the one against the other on /verify. */
describe("the record in the browser", () => {
  let harness: BrowserHarness;
  let chair: Page;

  beforeAll(async () => {
    harness = await BrowserHarness.start();
    chair = await harness.signedInChair();
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  const downloaded = async (button: string): Promise<{ name: string; bytes: Buffer }> => {
    const [file] = await Promise.all([chair.waitForEvent("download"), chair.getByRole("button", { name: button }).first().click()]);
    return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
  };

  it("makes a record, downloads it, and verifies the JSON against the PDF, and a tampered copy not", async () => {
    await chair.getByLabel("Event name").fill("Mitgliederversammlung Köln");
    await chair.getByRole("button", { name: "Create" }).click();
    await chair.getByTestId("event-status").waitFor();

    await chair.getByRole("button", { name: "Make a record now" }).click();
    await chair.getByTestId("record").first().waitFor();
    const hash = /SHA-256 ([0-9a-f]{64})/.exec((await chair.getByTestId("record").first().textContent()) ?? "")?.[1];
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const json = await downloaded("JSON export");
    const minutes = await downloaded("Minutes (PDF)");
    expect(json.name).toContain(hash!.slice(0, 12));
    expect(minutes.bytes.subarray(0, 5).toString()).toBe("%PDF-");

    const verifier = await (await harness.browser.newContext()).newPage();
    await verifier.goto(`${harness.url}/verify`);
    const check = async (jsonFile: Buffer | null, pdf: Buffer | null, typed = ""): Promise<string> => {
      await verifier.reload();
      if (jsonFile)
        await verifier.setInputFiles("input[name=json]", { name: "event.json", mimeType: "application/json", buffer: jsonFile });
      if (pdf) await verifier.setInputFiles("input[name=pdf]", { name: "minutes.pdf", mimeType: "application/pdf", buffer: pdf });
      await verifier.getByLabel("or the SHA-256 it prints").fill(typed);
      await verifier.getByRole("button", { name: "Check" }).click();
      return (await verifier.getByTestId("verify-outcome").textContent()) ?? "";
    };
    expect(await check(json.bytes, minutes.bytes)).toContain("✓ Match");
    await harness.capture(verifier, "verify-match");
    expect(await check(Buffer.from(JSON.stringify(JSON.parse(json.bytes.toString()), null, 2)), null, hash!.toUpperCase())).toContain(
      "✓ Match",
    );
    const tampered = Buffer.from(json.bytes.toString().replace("Mitgliederversammlung Köln", "Mitgliederversammlung Bonn"));
    const mismatch = await check(tampered, minutes.bytes);
    expect(mismatch).toContain("✗ Mismatch");
    expect(mismatch).toContain(`document: ${hash}`);
    expect(await check(Buffer.from("{not json"), minutes.bytes)).toBe("This file is not valid JSON.");
    expect(await check(json.bytes, Buffer.from("%PDF-1.3 no mark"))).toContain("names no record hash");
    expect(await check(null, minutes.bytes)).toBe("Please choose the JSON export.");
  }, 60_000);
});
