import { describe, expect, it } from "vitest";
import { FONT, pdfBytes, pdfDocument } from "../../src/pdf/document.ts";
import { pdfText as textOf } from "./pdf-text.ts";

describe("pdfDocument", () => {
  const meta = { title: "Protokoll", author: "Plenum", createdAt: new Date("2026-05-01T10:00:00Z") };
  const render = (): Promise<Buffer> => {
    const doc = pdfDocument(meta);
    doc.font(FONT.bold).fontSize(16).text("Mitgliederversammlung Köln");
    doc.font(FONT.regular).fontSize(11).text("Jürgen Größe, Łukasz Wałęsa, Zoë Šimůnek: Ja");
    return pdfBytes(doc);
  };

  it("embeds a font that prints German and other Latin names as written", async () => {
    const pdf = await render();
    expect(pdf.includes(Buffer.from("/FontFile2"))).toBe(true);
    const text = textOf(pdf);
    expect(text).toContain("Mitgliederversammlung Köln");
    expect(text).toContain("Jürgen Größe, Łukasz Wałęsa, Zoë Šimůnek: Ja");
  });

  it("gives the same bytes for the same content", async () => {
    expect((await render()).equals(await render())).toBe(true);
  });
});
