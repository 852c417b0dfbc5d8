/** `GET /healthz`: is the Worker up, and does the database answer? */
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { isDatabaseUnavailable } from "@tandem/db";
import type { AppEnv } from "../middleware/request-context.js";

export const healthRoutes = new Hono<AppEnv>().get("/healthz", async (c) => {
  c.header("cache-control", "no-store");
  try {
    await c.var.db().run(sql`SELECT 1`);
    return c.json({ status: "ok", db: "ok" }, 200);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return c.json({ status: "degraded", db: "unreachable" }, 503);
  }
});
