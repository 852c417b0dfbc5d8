/** `GET /healthz`: is the Worker up, and does the database answer? */
import { Hono } from "hono";
import { isDatabaseUnavailable } from "@tandem/db";
import { pingDatabase } from "../data/health.js";
import type { AppEnv } from "../middleware/request-context.js";

export const healthRoutes = new Hono<AppEnv>().get("/healthz", async (c) => {
  c.header("cache-control", "no-store");
  try {
    await pingDatabase(c.var.db());
    return c.json({ status: "ok", db: "ok" }, 200);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return c.json({ status: "degraded", db: "unreachable" }, 503);
  }
});
