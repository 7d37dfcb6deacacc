import { expect, it } from "vitest";
import { serializerFor, v1, v2 } from "../../src/protocol/index.ts";

/** Phoenix's negotiation: `~> 2.0.0` picks vsn 2, `~> 1.0.0` vsn 1, a missing vsn is 1.0.0, anything else is refused. */
it.each([
  [null, v1],
  ["1.0.0", v1],
  ["1.0.7", v1],
  ["1.0.0+build.5", v1],
  ["2.0.0", v2],
  ["2.0.3", v2],
  ["2.0.1-rc.1", v2],
  ["2.0.0+sha.abc", v2],
])("vsn %s negotiates %o", (vsn, serializer) => {
  expect(serializerFor(vsn)).toBe(serializer);
});

it.each([
  ["", "empty"],
  ["2.1.0", "a newer minor"],
  ["1.1.0", "a newer minor of 1"],
  ["3.0.0", "an unknown major"],
  ["0.9.0", "an older major"],
  ["2.0.0-rc.1", "a pre-release of 2.0.0 (below it)"],
  ["2.0", "no patch"],
  ["2", "a major alone"],
  ["02.0.0", "a leading zero"],
  ["2.0.0-01", "a numeric pre-release with a leading zero"],
  ["v2.0.0", "a v prefix"],
  [" 2.0.0", "whitespace"],
  ["2.0.0.0", "four parts"],
  ["2.0.0+", "empty build metadata"],
])("refuses vsn %j (%s)", (vsn) => {
  expect(serializerFor(vsn)).toBeUndefined();
});
