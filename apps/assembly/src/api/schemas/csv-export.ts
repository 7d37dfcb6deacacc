import { z } from "zod";

/**
 * How a CSV export is written: `separator=semicolon` for German Excel
 * (decimal commas too), `comma` for the rest; without it the event's
 * language decides (see `csvFormat`).
 */
export const csvSeparatorOption = { separator: z.enum(["comma", "semicolon"]).optional() };

export const csvExportInput = z.strictObject(csvSeparatorOption);
export type CsvExportQuery = z.input<typeof csvExportInput>;
