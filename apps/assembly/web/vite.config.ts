import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

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

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)).replace(/\/$/, ""),
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Phones several years old still vote; this keeps their browsers in.
    target: "es2020",
  },
  server: {
    proxy: {
      "/api": api,
      "/socket": { target: api.replace(/^http/, "ws"), ws: true },
    },
  },
});
