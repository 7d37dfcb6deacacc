/** A piece of a change: text both sides share, or text only the old or only the new side has. */
export interface DiffSegment {
  readonly op: "equal" | "delete" | "insert";
  readonly text: string;
}

/** Words (letters, digits and marks), runs of whitespace, and every other character alone. */
const tokenPattern = /[\p{L}\p{N}\p{M}]+|\s+|[\s\S]/gu;

function tokenize(text: string): string[] {
  return text.match(tokenPattern) ?? [];
}

/**
 * Beyond this many differing tokens the change is shown as the old text
 * replaced by the new: the shortest edit script costs time and memory
 * quadratic in the differences, and a change that large is a rewrite.
 */
const maxEditDistance = 2000;

/**
 * A word-level diff of `before` and `after`. Guarantees: joining the equal
 * and delete segments gives `before` exactly, equal and insert segments
 * `after` exactly; no segment is empty; neighbours differ in `op`; within
 * each change the deletion comes before the insertion; whitespace alone is
 * never shown as unchanged between two changes (it joins them into one).
 */
export function diffWords(before: string, after: string): DiffSegment[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const edits: DiffSegment[] = [{ op: "equal", text: a.slice(0, prefix).join("") }];
  edits.push(...shortestEdit(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix)));
  edits.push({ op: "equal", text: a.slice(a.length - suffix).join("") });
  return tidy(edits);
}

/**
 * Myers' shortest edit script over tokens. `rounds[d]` holds, for every
 * diagonal k in [-d-1, d+1] (at index k + d + 1), the furthest x reached
 * with d-1 edits: what the walk back needs, in O(D²) memory.
 */
function shortestEdit(a: readonly string[], b: readonly string[]): DiffSegment[] {
  const n = a.length;
  const m = b.length;
  const replaceAll: DiffSegment[] = [
    { op: "delete", text: a.join("") },
    { op: "insert", text: b.join("") },
  ];
  if (n === 0 || m === 0) return replaceAll;
  const limit = Math.min(n + m, maxEditDistance);
  const offset = limit + 1;
  const furthest = new Int32Array(2 * limit + 3);
  const rounds: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    rounds.push(furthest.slice(offset - d - 1, offset + d + 2));
    // Diagonals of this round's parity only read the other parity, written in the round before.
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && furthest[offset + k - 1]! < furthest[offset + k + 1]!);
      let x = down ? furthest[offset + k + 1]! : furthest[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      furthest[offset + k] = x;
      if (x >= n && y >= m) return walkBack(a, b, rounds, k);
    }
  }
  return replaceAll;
}

function walkBack(a: readonly string[], b: readonly string[], rounds: readonly Int32Array[], endK: number): DiffSegment[] {
  const reversed: DiffSegment[] = [];
  let x = a.length;
  let y = b.length;
  let k = endK;
  for (let d = rounds.length - 1; d > 0; d--) {
    const reach = (diagonal: number) => rounds[d]![diagonal + d + 1]!;
    const down = k === -d || (k !== d && reach(k - 1) < reach(k + 1));
    const previousK = down ? k + 1 : k - 1;
    const previousX = reach(previousK);
    const previousY = previousX - previousK;
    // The snake after the edit: from just behind the edit to (x, y).
    while (x > previousX + (down ? 0 : 1) && y > previousY + (down ? 1 : 0)) {
      reversed.push({ op: "equal", text: a[--x]! });
      y--;
    }
    if (down) reversed.push({ op: "insert", text: b[--y]! });
    else reversed.push({ op: "delete", text: a[--x]! });
    k = previousK;
  }
  while (x > 0) reversed.push({ op: "equal", text: a[--x]! });
  return reversed.reverse();
}

/** Merges neighbours, folds whitespace-only equal pieces between changes into them, and puts deletions first. */
function tidy(edits: readonly DiffSegment[]): DiffSegment[] {
  const folded: DiffSegment[] = [];
  edits.forEach((edit, index) => {
    const between = index > 0 && index < edits.length - 1 && edits[index - 1]!.op !== "equal" && edits[index + 1]!.op !== "equal";
    if (edit.op === "equal" && between && /^\s+$/.test(edit.text)) {
      folded.push({ op: "delete", text: edit.text }, { op: "insert", text: edit.text });
    } else folded.push(edit);
  });
  const result: DiffSegment[] = [];
  let deleted = "";
  let inserted = "";
  const flush = () => {
    if (deleted !== "") result.push({ op: "delete", text: deleted });
    if (inserted !== "") result.push({ op: "insert", text: inserted });
    deleted = inserted = "";
  };
  for (const edit of folded) {
    if (edit.op === "delete") deleted += edit.text;
    else if (edit.op === "insert") inserted += edit.text;
    else if (edit.text !== "") {
      flush();
      const last = result[result.length - 1];
      if (last?.op === "equal") result[result.length - 1] = { op: "equal", text: last.text + edit.text };
      else result.push(edit);
    }
  }
  flush();
  return result;
}
