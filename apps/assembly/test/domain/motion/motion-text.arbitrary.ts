import fc from "fast-check";

/** Characters that stress the Markdown subset: emphasis, escapes, HTML, umlauts, a surrogate pair. */
const wordCharacter = fc.constantFrom(..."abcxyzÄöüß19*_\\#-+.<>&\"'`[]()".split(""), "😀");

/** A word of 1 to `maxLength` characters, markup included. */
export const word = (maxLength = 12) => fc.array(wordCharacter, { minLength: 1, maxLength }).map((chars) => chars.join(""));

/** Plain words: letters only, so visible text equals source. */
export const plainWord = (maxLength = 12) =>
  fc.array(fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzäöüß".split("")), { minLength: 1, maxLength }).map((chars) => chars.join(""));

const separator = fc.constantFrom(" ", " ", " ", "  ", "\t", "\n");
const blockMarker = fc.constantFrom("", "", "", "# ", "## ", "- ", "* ", "1. ", "12) ");

/** One block's source: an optional marker, then words joined by spaces, tabs or single line breaks. */
const block = (words: fc.Arbitrary<string>) =>
  fc
    .tuple(blockMarker, fc.array(fc.tuple(words, separator), { minLength: 1, maxLength: 30 }))
    .map(([marker, parts]) => marker + parts.map(([w, s], i) => (i === parts.length - 1 ? w : w + s)).join(""));

/** A motion text of blocks separated by blank lines (sometimes with stray spaces on them). */
export const motionText = (words: fc.Arbitrary<string> = word()) =>
  fc
    .array(fc.tuple(block(words), fc.constantFrom("\n\n", "\n\n\n", "\n \n", "\n")), { minLength: 1, maxLength: 8 })
    .map((blocks) => blocks.map(([b, s], i) => (i === blocks.length - 1 ? b : b + s)).join(""));

export const lineLength = fc.integer({ min: 20, max: 100 });
