/** The HTTP application: middleware, then one route module per resource. */
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { onError, onNotFound } from "./middleware/error-handler.js";
import { type AppEnv, requestContext } from "./middleware/request-context.js";
import { devOutboxRoutes } from "./routes/dev-outbox.js";
import { healthRoutes } from "./routes/health.js";
import { institutionRoutes } from "./routes/institutions.js";

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use(requestContext);
  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      strictTransportSecurity: "max-age=63072000; includeSubDomains",
    }),
  );
  app.route("/", healthRoutes);
  app.route("/", institutionRoutes);
  app.route("/", devOutboxRoutes);
  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
