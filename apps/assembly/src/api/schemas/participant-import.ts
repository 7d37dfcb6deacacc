import { z } from "zod";
import { type CsvEncoding, csvEncodings } from "../../csv/decode.ts";

/** `?encoding=`: how the file's bytes are decoded (default UTF-8). */
export const importQuery = z.strictObject({
  encoding: z.enum(csvEncodings as [CsvEncoding, ...CsvEncoding[]]).default("utf-8"),
});
export type ImportQuery = z.input<typeof importQuery>;

/** The query with the file's bytes (the request body); anything but bytes is refused as the wrong media type. */
export const importInput = importQuery.extend({ file: z.unknown() });
