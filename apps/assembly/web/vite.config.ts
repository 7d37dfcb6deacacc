import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { ClientRequest, IncomingMessage } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { defineConfig, type Plugin, type ProxyOptions } from "vite";

/**
 * Writes .br and .gz next to every text asset so the server sends phones a
 * third of the bytes without compressing on each request (@fastify/static
 * `preCompressed`).
 */
function precompress(): Plugin {
  return {
    name: "plenum-precompress",
    apply: "build",
    writeBundle(options) {
      const dir = options.dir ?? "dist";
      const walk = (folder: string): string[] =>
        readdirSync(folder, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(join(folder, e.name)) : [join(folder, e.name)],
        );
      for (const file of walk(dir).filter((f) => /\.(js|css|html|svg)$/.test(f))) {
        const bytes = readFileSync(file);
        writeFileSync(`${file}.br`, brotliCompressSync(bytes));
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

/**
 * Preact rather than Svelte or Lit: about 4 kB of runtime, so the participant
 * app stays small and starts fast on the slow phones people vote with, and
 * its JSX needs no compiler plugin, only the bundler's own transform set to
 * the automatic runtime with preact as import source (Vite 8 does this with
 * Oxc, the successor of the esbuild `jsx: "automatic"` setting).
 *
 * `npm start` builds into web/dist, which the server serves with an SPA
 * fallback. `vite` alone (dev) proxies the API and socket to PLENUM_API.
 */
const api = process.env["PLENUM_API"] ?? "http://127.0.0.1:3000";

/**
 * The API refuses state changes from foreign origins, and to it the dev
 * server's pages are one. Requests from those pages (Origin = the dev
 * server itself) are forwarded as if the API had served them; any other
 * origin passes through unchanged and is refused as usual.
 */
const asOwnPage: NonNullable<ProxyOptions["configure"]> = (proxy) => {
  const rewrite = (outgoing: ClientRequest, incoming: IncomingMessage) => {
    if (incoming.headers.origin === `http://${incoming.headers.host}`) outgoing.setHeader("origin", new URL(api).origin);
  };
  proxy.on("proxyReq", rewrite);
  proxy.on("proxyReqWs", rewrite);
};

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)).replace(/\/$/, ""),
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  plugins: [precompress()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Phones several years old still vote; this keeps their browsers in.
    target: "es2020",
  },
  server: {
    proxy: {
      "/api": { target: api, configure: asOwnPage },
      "/socket": { target: api.replace(/^http/, "ws"), ws: true, configure: asOwnPage },
    },
  },
});
