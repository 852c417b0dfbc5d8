/** The HTTP application: middleware, then one route module per resource. */
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { sameOriginWrites } from "./middleware/auth.js";
import { embedCors } from "./middleware/embed-cors.js";
import { hostTenant } from "./middleware/host-tenant.js";
import { onError, onNotFound } from "./middleware/error-handler.js";
import { type AppEnv, requestContext } from "./middleware/request-context.js";
import { analyticsRoutes } from "./routes/analytics.js";
import { outcomeRoutes } from "./routes/outcomes.js";
import { complianceRoutes } from "./routes/compliance.js";
import { incidentRoutes } from "./routes/incidents.js";
import { preparationRoutes } from "./routes/preparation.js";
import { safeguardingRoutes } from "./routes/safeguarding.js";
import { referenceRoutes, screeningRoutes } from "./routes/screening.js";
import { trainingRoutes } from "./routes/training.js";
import { applicantRoutes } from "./routes/applicant.js";
import { applicationRoutes } from "./routes/applications.js";
import { auditRoutes } from "./routes/audit.js";
import { authRoutes, meRoutes } from "./routes/auth.js";
import { devOutboxRoutes } from "./routes/dev-outbox.js";
import { domainRoutes } from "./routes/domains.js";
import { formRoutes, joinRoutes } from "./routes/forms.js";
import { healthRoutes } from "./routes/health.js";
import { importRoutes } from "./routes/imports.js";
import { matchingRoutes } from "./routes/matching.js";
import { selfMatchRoutes } from "./routes/self-match.js";
import { checkinLinkRoutes } from "./routes/checkin-links.js";
import { portalRoutes } from "./routes/portal.js";
import { myApplicationsRoutes } from "./routes/my-applications.js";
import { relationshipRoutes } from "./routes/relationships.js";
import { reminderRoutes } from "./routes/reminders.js";
import { institutionRoutes } from "./routes/institutions.js";
import { registerOpenApi } from "./routes/openapi.js";
import { pageRoutes } from "./routes/pages.js";
import { programCoordinatorRoutes, programRoutes } from "./routes/programs.js";
import { settingsRoutes } from "./routes/settings.js";
import { signupRoutes } from "./routes/signup.js";
import { invitationAcceptRoutes, staffRoutes } from "./routes/staff.js";

const API_CSP = { defaultSrc: ["'none'"], frameAncestors: ["'none'"] };
/** Cloudflare Turnstile's script and challenge frame, for forms of institutions that turn it on (Cloudflare's documented CSP). */
const TURNSTILE = "https://challenges.cloudflare.com";
const TRAINING_VIDEO_PLAYERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"];
const PAGE_CSP = {
  defaultSrc: ["'self'"],
  // Institutions' logos live on their own https sites (settings preview, hosted forms); images cannot run code.
  imgSrc: ["'self'", "data:", "https:"],
  styleSrc: ["'self'"],
  scriptSrc: ["'self'", TURNSTILE],
  connectSrc: ["'self'"],
  // Training videos embedded in mentors' modules (privacy-enhanced YouTube, Vimeo's player).
  frameSrc: [TURNSTILE, ...TRAINING_VIDEO_PLAYERS],
  frameAncestors: ["'none'"],
};

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use(requestContext);
  const headersFor = (csp: typeof API_CSP | typeof PAGE_CSP) =>
    secureHeaders({ contentSecurityPolicy: csp, strictTransportSecurity: "max-age=63072000; includeSubDomains", referrerPolicy: "strict-origin-when-cross-origin" });
  const apiHeaders = headersFor(API_CSP);
  const pageHeaders = headersFor(PAGE_CSP);
  // secureHeaders writes after the handler, so the policy is chosen by path up front.
  app.use((c, next) => (c.req.path.startsWith("/api/") || c.req.path === "/healthz" ? apiHeaders(c, next) : pageHeaders(c, next)));
  app.use("/api/*", sameOriginWrites);
  app.use("/api/v1/t/:slug/join/*", embedCors);
  app.use(hostTenant);

  app.route("/", healthRoutes);
  app.route("/", signupRoutes);
  app.route("/", authRoutes);
  app.route("/", meRoutes);
  app.route("/", invitationAcceptRoutes);
  app.route("/", institutionRoutes);
  app.route("/", staffRoutes);
  app.route("/", auditRoutes);
  app.route("/", domainRoutes);
  app.route("/", programRoutes);
  app.route("/", programCoordinatorRoutes);
  app.route("/", settingsRoutes);
  app.route("/", formRoutes);
  app.route("/", joinRoutes);
  app.route("/", applicationRoutes);
  app.route("/", applicantRoutes);
  app.route("/", importRoutes);
  app.route("/", matchingRoutes);
  app.route("/", selfMatchRoutes);
  app.route("/", portalRoutes);
  app.route("/", myApplicationsRoutes);
  app.route("/", checkinLinkRoutes);
  app.route("/", relationshipRoutes);
  app.route("/", reminderRoutes);
  app.route("/", analyticsRoutes);
  app.route("/", outcomeRoutes);
  app.route("/", safeguardingRoutes);
  app.route("/", screeningRoutes);
  app.route("/", referenceRoutes);
  app.route("/", trainingRoutes);
  app.route("/", preparationRoutes);
  app.route("/", incidentRoutes);
  app.route("/", complianceRoutes);
  app.route("/", devOutboxRoutes);
  app.route("/", pageRoutes);
  registerOpenApi(app);

  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
