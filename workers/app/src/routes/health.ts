/** `GET /healthz`: is the Worker up, and does the database answer? */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { isDatabaseUnavailable } from "@tandem/db";
import { pingDatabase } from "../data/health.js";
import type { AppEnv } from "../middleware/request-context.js";
import { jsonResponse } from "../openapi.js";

export const healthRoutes = new Hono<AppEnv>().get(
  "/healthz",
  describeRoute({
    operationId: "health",
    tags: ["operations"],
    summary: "Health of the Worker and its database",
    responses: {
      200: jsonResponse("Healthy", v.object({ status: v.literal("ok"), db: v.literal("ok") })),
      503: jsonResponse("The database does not answer", v.object({ status: v.literal("degraded"), db: v.literal("unreachable") })),
    },
  }),
  async (c) => {
    c.header("cache-control", "no-store");
    try {
      await pingDatabase(c.var.db());
      return c.json({ status: "ok", db: "ok" }, 200);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      return c.json({ status: "degraded", db: "unreachable" }, 503);
    }
  },
);
