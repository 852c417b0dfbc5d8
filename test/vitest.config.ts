/**
 * Four projects, one run:
 * - unit: pure packages, the libSQL server and architecture checks, in Node;
 * - worker: the Worker inside workerd (the Workers vitest integration), against a throwaway libSQL server;
 * - e2e: the real `pnpm dev` runner and `wrangler dev`, driven from Node;
 * - browser: pages in Debian's Chromium (playwright-core), with axe, against the real dev runner.
 */
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  test: {
    projects: [
      {
        test: {
          name: "unit",
          root,
          environment: "node",
          include: ["packages/**/*.test.ts", "test/architecture/**/*.test.ts"],
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: `${root}/wrangler.toml` },
            miniflare: {
              bindings: {
                ENVIRONMENT: "test",
                LIBSQL_URL: inject<string>("libsqlUrl"),
                LIBSQL_AUTH_TOKEN: "",
                DB_TIMEOUT_MS: "1500",
                EMAIL_PROVIDER: "outbox",
                AUTH_SECRET: "test-only-secret-for-the-worker-integration-tests",
                TURNSTILE_VERIFY_URL: inject<string>("turnstileVerifyUrl"),
              },
            },
          })),
        ],
        test: {
          name: "worker",
          root,
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/global-setup.ts"],
          // Most take 1–4 s; the default 5 s fails them spuriously while browser tests load the 2 cores.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "e2e",
          root,
          environment: "node",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // Each file starts wrangler dev; running them one at a time keeps a 2-core machine responsive.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "browser",
          root,
          environment: "node",
          include: ["test/browser/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Chromium and wrangler dev on a 2-core machine: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
