/** A file a command makes for download (exports); the HTTP edge sends it as an attachment, never cached. */
export interface Download {
  readonly contentType: string;
  readonly filename: string;
  /** Text, or the bytes of a binary file (a PDF). */
  readonly body: string | Uint8Array;
  /** The SHA-256 of the export the file is or was made from (see commands/record.ts), sent as a header too. */
  readonly recordSha256?: string;
}

export const csvDownload = (filename: string, body: string): Download => ({ contentType: "text/csv; charset=utf-8", filename, body });
