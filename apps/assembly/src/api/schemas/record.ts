import { z } from "zod";
import { idSchema } from "./common.ts";

/** One kept export, by its SHA-256 (lower-case hex, as the PDFs print it). */
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in lower-case hex");

/** A kept export as its JSON file. */
export const recordParams = z.strictObject({ sha256 });

/** A document of the record: which export, in which language (default: the language of the event's invitations). */
export const recordFileInput = recordParams.extend({ language: z.enum(["en", "de"]).optional() });
export type RecordFileQuery = Partial<Pick<z.output<typeof recordFileInput>, "language">>;

/** The results, of every counted poll or of one. */
export const resultsFileInput = recordFileInput.extend({ pollId: idSchema.optional() });
export type ResultsFileQuery = Partial<Pick<z.output<typeof resultsFileInput>, "language" | "pollId">>;
