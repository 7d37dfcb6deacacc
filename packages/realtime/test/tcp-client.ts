import { connect, type Socket as NetSocket } from "node:net";
import { randomBytes } from "node:crypto";

/**
 * A WebSocket client on a bare TCP socket, so a test can stop reading (as a
 * stalled phone would) and later resume and parse what arrived. Sends masked
 * text frames; parses unmasked server frames.
 */
export class TcpWsClient {
  readonly #socket: NetSocket;
  #buffer: Buffer = Buffer.alloc(0);
  readonly texts: string[] = [];
  closeCode: number | undefined;
  ended = false;

  private constructor(socket: NetSocket, rest: Buffer) {
    this.#socket = socket;
    socket.on("data", (chunk: Buffer) => this.#parse(chunk));
    socket.on("close", () => (this.ended = true));
    socket.on("error", () => (this.ended = true));
    if (rest.length > 0) this.#parse(rest);
  }

  static connect(port: number, path: string): Promise<TcpWsClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer): void => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf("\r\n\r\n");
        if (end === -1) return;
        socket.off("data", onData);
        const status = head.subarray(0, head.indexOf("\r\n")).toString();
        if (status.includes(" 101 ")) resolve(new TcpWsClient(socket, head.subarray(end + 4)));
        else reject(new Error(status));
      };
      socket.on("data", onData);
      socket.on("error", reject);
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
  }

  sendText(text: string): void {
    const payload = Buffer.from(text);
    const mask = randomBytes(4);
    const header =
      payload.length < 126
        ? Buffer.from([0x81, 0x80 | payload.length])
        : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 255]);
    const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
    this.#socket.write(Buffer.concat([header, mask, masked]));
  }

  /** Stop reading: the kernel buffers fill, then the server sees backpressure. */
  pause(): void {
    this.#socket.pause();
  }

  resume(): void {
    this.#socket.resume();
  }

  destroy(): void {
    this.#socket.destroy();
  }

  #parse(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const b = this.#buffer;
      if (b.length < 2) return;
      const opcode = b[0]! & 0x0f;
      let length = b[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (b.length < 4) return;
        length = b.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (b.length < 10) return;
        length = Number(b.readBigUInt64BE(2));
        offset = 10;
      }
      if (b.length < offset + length) return;
      const payload = b.subarray(offset, offset + length);
      if (opcode === 0x1) this.texts.push(payload.toString());
      if (opcode === 0x8) this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      this.#buffer = b.subarray(offset + length);
    }
  }
}
