/**
 * Enrollment forms may be shown and posted from the institution's own
 * website: its allowed embed origins (settings). Browsers on those origins
 * get CORS; any other foreign origin is refused with a message the widget can
 * show (the refusal carries CORS headers so the widget can read it).
 * Same-origin requests (the hosted form page) need no CORS.
 */
import { createMiddleware } from "hono/factory";
import { AppError } from "../errors.js";
import { allowedEmbedOrigins } from "../services/embedding.js";
import type { AppEnv } from "./request-context.js";

export const JOIN_PATH = /^\/api\/v1\/t\/([^/]+)\/join\//;

export const embedCors = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header("origin");
  const slug = JOIN_PATH.exec(c.req.path)?.[1];
  if (!origin || !slug || origin === new URL(c.req.url).origin) return next();

  const cors = { "access-control-allow-origin": origin, vary: "Origin" };
  const allowed = (await allowedEmbedOrigins(c.var.db(), slug)).includes(origin);
  if (c.req.method === "OPTIONS") {
    return c.body(null, allowed ? 204 : 403, {
      ...cors,
      "access-control-allow-methods": "GET, POST",
      "access-control-allow-headers": "content-type",
      "access-control-max-age": "600",
    });
  }
  if (!allowed) {
    throw new AppError(403, "origin-not-allowed", `This website (${origin}) may not show this institution's enrollment form. Ask the institution to add it to its allowed websites, or apply on Tandem directly.`, {
      headers: cors,
    });
  }
  await next();
  for (const [name, value] of Object.entries(cors)) c.res.headers.set(name, value);
});
