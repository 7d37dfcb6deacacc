import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Bytes the kernel holds unsent on a server's established TCP sockets (the
 * Send-Q column of `ss`): what a process's RSS does not show once a reader
 * stops reading, until the socket's send buffer is full.
 */
export async function kernelSendQueueBytes(port: number): Promise<number> {
  const { stdout } = await run("ss", ["-tnH", "state", "established", `( sport = :${port} )`], { maxBuffer: 64 * 1024 * 1024 });
  let total = 0;
  for (const line of stdout.split("\n")) {
    // Columns without a state column: Recv-Q Send-Q Local Peer.
    const sendQ = Number(line.trim().split(/\s+/)[1]);
    if (Number.isFinite(sendQ)) total += sendQ;
  }
  return total;
}
