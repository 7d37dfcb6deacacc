import { z } from "zod";
import { idSchema } from "./common.ts";
import { csvSeparatorOption } from "./csv-export.ts";

export const participantRef = z.strictObject({ participantId: idSchema });

/** The CSV export issues links to those without one; `reissue: "all"` replaces everyone's. */
export const exportLinksInput = z.strictObject({ reissue: z.literal("all").optional(), ...csvSeparatorOption });
export type ExportLinksInput = z.input<typeof exportLinksInput>;
