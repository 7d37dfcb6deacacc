import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../../src/domain/motion/markdown.ts";
import { escapeHtml, renderMarkdownHtml } from "../../../src/domain/motion/markdown-html.ts";
import { motionText } from "./motion-text.arbitrary.ts";

const text = (value: string, marks: { em?: boolean; strong?: boolean } = {}) => ({
  type: "text",
  text: value,
  em: marks.em ?? false,
  strong: marks.strong ?? false,
});

describe("the Markdown subset", () => {
  it("parses headings, paragraphs with line breaks, lists and emphasis", () => {
    const document = parseMarkdown(
      "## Antrag  zur *Satzung*\n\nDer Parteitag möge **beschließen**:\nZweite   Zeile\n\n- eins\n- zwei\n\n- drei\n\n3. a\n9) b\n\n1. neu",
    );
    expect(document.blocks).toEqual([
      { type: "heading", level: 2, inlines: [text("Antrag zur "), text("Satzung", { em: true })] },
      {
        type: "paragraph",
        inlines: [text("Der Parteitag möge "), text("beschließen", { strong: true }), text(":"), { type: "break" }, text("Zweite Zeile")],
      },
      { type: "list", ordered: false, start: 1, items: [[text("eins")], [text("zwei")], [text("drei")]] },
      { type: "list", ordered: true, start: 3, items: [[text("a")], [text("b")], [text("neu")]] },
    ]);
  });

  it("nests emphasis, spans it over line breaks and keeps what does not pair as text", () => {
    expect(parseMarkdown("***both** only em*").blocks[0]).toEqual({
      type: "paragraph",
      inlines: [text("both", { em: true, strong: true }), text(" only em", { em: true })],
    });
    expect(parseMarkdown("*über\nzwei*").blocks[0]).toEqual({
      type: "paragraph",
      inlines: [text("über", { em: true }), { type: "break" }, text("zwei", { em: true })],
    });
    expect(parseMarkdown("2 * 3 * 4, snake_case_name, *offen, ** frei").blocks[0]).toEqual({
      type: "paragraph",
      inlines: [text("2 * 3 * 4, snake_case_name, *offen, ** frei")],
    });
    expect(parseMarkdown("\\*kein\\* \\# Titel \\\\ \\a").blocks[0]).toEqual({
      type: "paragraph",
      inlines: [text("*kein* # Titel \\ \\a")],
    });
  });

  it("treats markers without text, indented lines and unknown syntax as paragraphs", () => {
    expect(parseMarkdown("#\n-\n#kein Titel\n    eingerückt\n---\n[link](javascript:alert(1))").blocks).toEqual([
      {
        type: "paragraph",
        inlines: [
          text("#"),
          { type: "break" },
          text("-"),
          { type: "break" },
          text("#kein Titel"),
          { type: "break" },
          text("eingerückt"),
          { type: "break" },
          text("---"),
          { type: "break" },
          text("[link](javascript:alert(1))"),
        ],
      },
    ]);
    expect(parseMarkdown("").blocks).toEqual([]);
    expect(parseMarkdown(" \n\t\n").blocks).toEqual([]);
  });

  it("renders escaped HTML", () => {
    expect(renderMarkdownHtml("# A & B\n\nText *mit* **Nachdruck**\nneue Zeile\n\n- x\n\n4. y")).toBe(
      '<h1>A &amp; B</h1>\n<p>Text <em>mit</em> <strong>Nachdruck</strong><br>neue Zeile</p>\n<ul><li>x</li></ul>\n<ol start="4"><li>y</li></ol>',
    );
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  });
});

const allowedTag = /<\/?(?:p|h[1-6]|ul|li|em|strong|br)>|<ol(?: start="\d+")?>|<\/ol>/g;

/** What is left of the HTML once the tags the renderer may emit are removed: it must be plain escaped text. */
function assertInert(html: string): void {
  const rest = html.replace(allowedTag, "");
  expect(rest).not.toMatch(/[<>"']/);
  expect(rest.replace(/&(?:amp|lt|gt|quot|#39);/g, "")).not.toContain("&");
}

describe("rendering untrusted text", () => {
  const payloads = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    '"><iframe src="javascript:alert(1)"></iframe>',
    "[click](javascript:alert(document.cookie))",
    "<a href='javascript:alert(1)'>*x*</a>",
    "**<b onmouseover=alert(1)>bold</b>**",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;",
    "<<script>script>alert(1)<</script>/script>",
    "# <h1 style=x>",
    "- <li onclick=alert(1)>",
    '1. <ol start="1 onclick=alert(1)">',
    "\\<script\\>",
    "<scr\u0000ipt>",
    "javascript:/*--></title></style></textarea></script><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
  ];

  it.each(payloads)("leaves nothing executable of %s", (payload) => {
    const html = renderMarkdownHtml(`Text ${payload} Text\n\n${payload}\n\n- ${payload}\n\n## ${payload}`);
    assertInert(html);
    expect(html).not.toMatch(/<(?:script|img|svg|iframe|a|b)\b/i);
  });

  it("emits only its own tags and escaped text for any input (property)", () => {
    const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), motionText());
    fc.assert(
      fc.property(anyText, (input) => {
        assertInert(renderMarkdownHtml(input));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps every visible character of plain text (property)", () => {
    const safe = fc.string({ unit: fc.constantFrom(..."ab <>&\"'".split("")), maxLength: 60 });
    fc.assert(
      fc.property(safe, (input) => {
        const html = renderMarkdownHtml(input);
        const decoded = html
          .replace(allowedTag, "")
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, "&");
        expect(decoded.replace(/\s+/g, "")).toBe(input.replace(/\s+/g, ""));
      }),
    );
  });
});
