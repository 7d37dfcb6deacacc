import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Children } from "./children.ts";
import { tsxNodeArgs } from "./node-args.ts";
import type { PeerName } from "../clients/messages.ts";

/** The servers under test: each is its own process, started fresh per phase. */
export const peerScripts: Record<PeerName, { label: string; script: string }> = {
  plenum: { label: "Plenum", script: "../server.ts" },
  socketio: { label: "Socket.IO 4.8", script: "../peers/socketio-server.ts" },
  ws: { label: "bare ws", script: "../peers/ws-server.ts" },
};

/** How servers under test are started. */
export interface ServerOptions {
  /** Extra node options, first on the command line (e.g. `--cpu-prof` to profile a server under load). */
  readonly nodeArgs: readonly string[];
  /** Another Plenum bench server script (e.g. a candidate engine build), same contract as bench/server.ts. */
  readonly plenumScript?: string;
  /** Extra environment for the server (e.g. `HISTORY=off`). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface RunningServer {
  readonly peer: PeerName;
  readonly pid: number;
  readonly port: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const EXIT_WITH_RUNNER = fileURLToPath(new URL("./exit-with-runner.ts", import.meta.url));

/**
 * Starts a server under test on a free port and waits for its
 * "bench server listening" JSON line. Node runs the script directly (tsx as
 * a loader, not `npx tsx`, which would add a wrapper process) so that `pid`
 * is the server itself and its /proc figures are the server's. An IPC
 * channel ties its life to the runner's (see exit-with-runner.ts).
 */
export async function startServer(children: Children, peer: PeerName, options: ServerOptions): Promise<RunningServer> {
  const script =
    peer === "plenum" && options.plenumScript
      ? resolve(options.plenumScript)
      : fileURLToPath(new URL(peerScripts[peer].script, import.meta.url));
  const child = children.track(
    spawn(process.execPath, [...options.nodeArgs, ...tsxNodeArgs, "--import", EXIT_WITH_RUNNER, script], {
      env: { ...process.env, ...options.env, PORT: "0", LOG_LEVEL: "info", NODE_NAME: `bench-${peer}` },
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    }),
  );
  const port = await listeningPort(child, `${peer} server`);
  return { peer, pid: child.pid!, port, stop: () => children.stop(child) };
}

/** The port a bench server announces (`{"msg":"bench server listening","port":…}` on stdout). */
export function listeningPort(child: ChildProcess, name: string, timeoutMs = START_TIMEOUT_MS): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not listen within ${timeoutMs} ms`)), timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before listening`));
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      let parsed: { msg?: unknown; port?: unknown };
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch {
        return;
      }
      if (parsed.msg === "bench server listening" && typeof parsed.port === "number") {
        clearTimeout(timer);
        resolve(parsed.port);
      }
    });
  });
}
