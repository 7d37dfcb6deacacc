/**
 * SHA-256 in lower-case hex of text (as UTF-8) or bytes, by the browser's
 * WebCrypto; null where the browser offers none (outside a secure context,
 * i.e. plain http to anything but localhost), for the caller to say so.
 */
export async function sha256Hex(data: string | ArrayBuffer): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = await subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
