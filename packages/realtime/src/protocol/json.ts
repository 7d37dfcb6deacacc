import { ProtocolError } from "./serializer.ts";

export function parseJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString("utf8"));
  } catch {
    throw new ProtocolError("frame is not valid JSON");
  }
}
