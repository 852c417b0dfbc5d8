/**
 * Per-request context every handler can rely on: a request id (echoed as
 * `x-request-id`), the validated config, a lazily opened database, and one
 * structured log line per request.
 */
import { createMiddleware } from "hono/factory";
import { openDatabase, type Database } from "@tandem/db";
import { loadConfig, type AppConfig } from "../config.js";
import { createMailer, type Mailer } from "../email/mailer.js";
import type { Env } from "../env.js";
import { log } from "../log.js";

export interface AppVariables {
  requestId: string;
  config: AppConfig;
  /** Opens the database on first use, so routes that never query it never connect. */
  db: () => Database;
  mailer: () => Mailer;
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };

const TRUSTED_REQUEST_ID = /^[\w.:-]{8,128}$/;

export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && TRUSTED_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", requestId);
  try {
    const config = loadConfig(c.env);
    c.set("config", config);
    let database: Database | undefined;
    c.set("db", () => (database ??= openDatabase(config.database).db));
    let mailer: Mailer | undefined;
    c.set("mailer", () => (mailer ??= createMailer(config, c.var.db())));
    await next();
  } finally {
    c.header("x-request-id", requestId);
    const status = c.res.status;
    log(status >= 500 ? "error" : "info", "request", {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: Date.now() - started,
    });
  }
});
