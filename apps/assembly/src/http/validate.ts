export { eventParams, idSchema } from "../api/schemas/common.ts";
export { parseWith } from "../commands/parse.ts";
