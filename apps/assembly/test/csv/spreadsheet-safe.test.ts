import { describe, expect, it } from "vitest";
import { spreadsheetSafe } from "../../src/csv/spreadsheet-safe.ts";

describe("spreadsheetSafe", () => {
  it("defuses cells a spreadsheet would evaluate and leaves the rest alone", () => {
    expect(["=1+1", "+49 30", "-x", "@SUM(A1)", "\tx", "\rx"].map(spreadsheetSafe)).toEqual([
      "'=1+1",
      "'+49 30",
      "'-x",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
    ]);
    expect(["Anna", "a=b", "", "1-2"].map(spreadsheetSafe)).toEqual(["Anna", "a=b", "", "1-2"]);
  });
});
