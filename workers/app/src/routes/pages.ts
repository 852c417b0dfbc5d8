/** Page routes the Worker answers from static assets (a path with no file of its own). */
import { Hono } from "hono";
import type { AppEnv } from "../middleware/request-context.js";

export const pageRoutes = new Hono<AppEnv>().get("/t/:slug", (c) => c.env.ASSETS.fetch(new Request(new URL("/dashboard", c.req.url))));
