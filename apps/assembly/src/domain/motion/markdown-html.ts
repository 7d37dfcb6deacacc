import { type Inline, type MarkdownBlock, type MarkdownDocument, parseMarkdown } from "./markdown.ts";

const htmlEscapes: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => htmlEscapes[ch]!);
}

/**
 * Renders inline content. Emphasis is closed and reopened around every run,
 * so the markup is balanced whatever the runs are.
 */
export function renderInlinesHtml(inlines: readonly Inline[]): string {
  let html = "";
  for (const inline of inlines) {
    if (inline.type === "break") {
      html += "<br>";
      continue;
    }
    let run = escapeHtml(inline.text);
    if (inline.em) run = `<em>${run}</em>`;
    if (inline.strong) run = `<strong>${run}</strong>`;
    html += run;
  }
  return html;
}

function renderBlockHtml(block: MarkdownBlock): string {
  switch (block.type) {
    case "paragraph":
      return `<p>${renderInlinesHtml(block.inlines)}</p>`;
    case "heading":
      return `<h${block.level}>${renderInlinesHtml(block.inlines)}</h${block.level}>`;
    case "list": {
      const items = block.items.map((item) => `<li>${renderInlinesHtml(item)}</li>`).join("");
      if (!block.ordered) return `<ul>${items}</ul>`;
      return block.start === 1 ? `<ol>${items}</ol>` : `<ol start="${block.start}">${items}</ol>`;
    }
  }
}

/**
 * Renders a motion text (or its parsed document) to HTML. Guarantees: every
 * character of the text is escaped; the only tags are p, h1–h6, ul, ol, li,
 * em, strong and br; the only attribute is `start` on ol, an integer.
 */
export function renderMarkdownHtml(input: string | MarkdownDocument): string {
  const document = typeof input === "string" ? parseMarkdown(input) : input;
  return document.blocks.map(renderBlockHtml).join("\n");
}
