/**
 * The console's build: Preact + preact-iso, bundled by Vite into the Worker's
 * static assets under /console/ (the Worker answers deeper console paths with
 * its index.html, the SPA fallback). The shared stylesheets stay plain files in
 * workers/app/public so the static pages and the console look the same.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/console/",
  publicDir: false,
  // Preact's automatic JSX runtime, without a Babel-based plugin (Vite 8 transforms with Oxc). Never the development
  // transform (jsxDEV, with each element's absolute source path), even when NODE_ENV isn't "production" in the shell.
  oxc: { jsx: { runtime: "automatic", importSource: "preact", development: false } },
  resolve: { alias: { react: "preact/compat", "react-dom": "preact/compat" } },
  build: {
    outDir: fileURLToPath(new URL("../app/public/console", import.meta.url)),
    emptyOutDir: true,
    // The import graph, for the page-weight budget in `pnpm build:check`.
    manifest: true,
    target: "es2022",
    sourcemap: false,
    // The budget (first page < 100 KB gzip) is checked by `pnpm build:check`; Vite's own warning is noise.
    reportCompressedSize: false,
  },
});
