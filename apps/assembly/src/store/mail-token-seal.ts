import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const ivBytes = 12;
const tagBytes = 16;

/**
 * The token of a queued invitation mail, sealed (AES-256-GCM) with a key
 * derived by HKDF-SHA-256 from the ballot secret, which never enters the
 * database: a backup or a stolen database file taken while thousands of
 * mails wait holds no usable link. Each sealed token is bound to its
 * message as additional data, so it cannot be moved to another row. The
 * outbox erases it once the message is sent or failed.
 */
export class MailTokenSeal {
  readonly #key: Buffer;

  constructor(secret: Uint8Array) {
    this.#key = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), "plenum:mail-token", 32));
  }

  seal(token: string, messageId: string): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv).setAAD(Buffer.from(messageId));
    return Buffer.concat([iv, cipher.update(token, "utf8"), cipher.final(), cipher.getAuthTag()]).toString("base64");
  }

  /** The token, or null when it was sealed with another secret (or altered). */
  unseal(sealed: string, messageId: string): string | null {
    const bytes = Buffer.from(sealed, "base64");
    if (bytes.length <= ivBytes + tagBytes) return null;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, bytes.subarray(0, ivBytes)).setAAD(Buffer.from(messageId));
      decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
      return Buffer.concat([decipher.update(bytes.subarray(ivBytes, bytes.length - tagBytes)), decipher.final()]).toString("utf8");
    } catch {
      return null;
    }
  }
}
