import { z } from "zod";
import { type CsvEncoding, csvEncodings } from "../../csv/decode.ts";

const encoding = z.enum(csvEncodings as [CsvEncoding, ...CsvEncoding[]]).default("utf-8");
/** Participants on the event but not in the file: left alone, or removed where nothing of theirs is on record. */
const missing = z.enum(["keep", "remove"]).default("keep");

/** `?encoding=` of a plain CSV upload, with the file's bytes (the request body). */
export const uploadQuery = z.strictObject({ encoding });
export type UploadQuery = z.input<typeof uploadQuery>;
export const uploadInput = uploadQuery.extend({ file: z.unknown() });

/** What matches a row to a participant in a roll update. */
const key = z.enum(["email", "memberNumber"]).default("email");

/** `?encoding=&missing=&key=` of a roll preview. */
export const previewQuery = z.strictObject({ encoding, missing, key });
export type PreviewQuery = z.input<typeof previewQuery>;

/**
 * `?encoding=` (default UTF-8) and `?mode=`: `add` (default) refuses emails
 * already on the event; `update` matches rows to participants by `key`
 * (email, the default, or member number),
 * adds the new, changes the different and, with `missing=remove`, removes
 * those left out. `expect` is the preview's fingerprint: the update is
 * applied only if it still does exactly what the chair reviewed.
 */
export const importQuery = z.strictObject({
  encoding,
  mode: z.enum(["add", "update"]).default("add"),
  missing,
  key,
  expect: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type ImportQuery = z.input<typeof importQuery>;

/** The query with the file's bytes (the request body); anything but bytes is refused as the wrong media type. */
export const importInput = importQuery.extend({ file: z.unknown() });
export const previewInput = previewQuery.extend({ file: z.unknown() });
