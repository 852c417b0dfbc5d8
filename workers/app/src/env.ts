import type { JobMessage } from "@tandem/jobs";

/** Bindings declared in wrangler.toml, plus secrets from `.dev.vars` or `wrangler secret put`. */
export interface Env {
  ENVIRONMENT: string;
  LIBSQL_URL: string;
  LIBSQL_AUTH_TOKEN?: string;
  DB_TIMEOUT_MS?: string;
  EMAIL_PROVIDER?: string;
  EMAIL_FROM?: string;
  RESEND_API_KEY?: string;
  RESEND_API_URL?: string;
  TURNSTILE_VERIFY_URL?: string;
  AUTH_SECRET: string;
  BASE_DOMAIN?: string;
  APP_ORIGIN?: string;
  JOBS: Queue<JobMessage>;
  ASSETS: Fetcher;
}
