/**
 * The one place errors become responses: `application/problem+json`, with the
 * request id, and never a stack trace or SQL. Only 5xx are logged as errors.
 */
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { isDatabaseUnavailable } from "@tandem/db";
import { ConfigError } from "../config.js";
import { AppError } from "../errors.js";
import { describeError, log } from "../log.js";
import type { AppEnv } from "./request-context.js";

export function problemResponse(c: Context<AppEnv>, error: AppError): Response {
  const requestId = c.get("requestId") ?? crypto.randomUUID();
  const headers = new Headers({ "content-type": "application/problem+json", "x-request-id": requestId, ...error.options.headers });
  return new Response(JSON.stringify(error.toProblem(requestId)), { status: error.status, headers });
}

export const onError: ErrorHandler<AppEnv> = (error, c) => {
  const requestId = c.get("requestId");
  if (error instanceof AppError) return problemResponse(c, error);
  if (isDatabaseUnavailable(error)) {
    log("warn", "database unavailable", { requestId, error: describeError(error) });
    return problemResponse(c, AppError.databaseUnavailable());
  }
  if (error instanceof HTTPException && error.status < 500) {
    return problemResponse(c, new AppError(error.status, "http-error", error.message || "The request could not be processed."));
  }
  if (error instanceof ConfigError) {
    log("error", "configuration invalid", { requestId, problems: error.problems });
    return problemResponse(c, new AppError(500, "misconfigured", "The service is misconfigured. Its operators have been told."));
  }
  log("error", "unhandled error", { requestId, method: c.req.method, path: c.req.path, error: describeError(error) });
  return problemResponse(c, new AppError(500, "internal", "Something went wrong on our side. Try again; if it keeps happening, quote the request id."));
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(c, AppError.notFound(`There is nothing at ${c.req.method} ${c.req.path}.`));
