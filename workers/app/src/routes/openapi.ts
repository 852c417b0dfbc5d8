/** `GET /api/v1/openapi.json`: the OpenAPI 3.1 document, generated from the routes' own valibot schemas. */
import type { Hono } from "hono";
import { openAPIRouteHandler } from "hono-openapi";
import type { AppEnv } from "../middleware/request-context.js";
import { ref, sharedResponses } from "../openapi.js";

export function registerOpenApi(app: Hono<AppEnv>): void {
  // The human-readable reference is a static page that renders the document.
  app.get("/api/v1/docs", (c) => c.redirect("/api-reference.html", 302));
  app.get(
    "/api/v1/openapi.json",
    openAPIRouteHandler(app, {
      documentation: {
        openapi: "3.1.0",
        info: {
          title: "Tandem API",
          version: "1",
          description:
            "Run mentorship programs: institutions, staff, programs, matching and outcomes. Errors are `application/problem+json` (RFC 9457). Browser sessions use an HttpOnly cookie; state-changing requests must come from Tandem's own origin.",
        },
        tags: [
          { name: "accounts", description: "Signing up, signing in and out" },
          { name: "institutions", description: "Public institution profiles" },
          { name: "staff", description: "An institution's staff, invitations and audit log" },
          { name: "programs", description: "Mentoring programs: settings, statuses, next cohorts, enrollment forms" },
          { name: "enrollment", description: "Public: an enrolling program's form, and applying to it" },
          { name: "matching", description: "Matching runs: proposals with scores and reasons, adjustments, approval into matches" },
          { name: "relationships", description: "The mentoring relationship: the participant portal (signed link), one-click check-ins, and the coordinator's pairs by risk" },
          { name: "analytics", description: "Program analytics: participation, matching, engagement, satisfaction and retention figures, as JSON or CSV" },
          { name: "safeguarding", description: "Volunteer and youth programs: screening, training, guardian consent, incident reports and the compliance report" },
          { name: "reminders", description: "Reminder emails: what was sent to whom and why, failures, one-click unsubscribe" },
          { name: "operations", description: "Health and development aids" },
        ],
        components: {
          responses: sharedResponses,
          securitySchemes: {
            session: { type: "apiKey", in: "cookie", name: "__Secure-tandem.session_token" },
            /** The signed portal link a participant gets by email (see services/signed-links.ts). */
            portalLink: { type: "http", scheme: "bearer", description: "The `token` of a participant's portal link, sent as `Authorization: Bearer <token>`" },
            /** The signed "all my applications" link a person gets by email (see services/signed-links.ts). */
            myApplicationsLink: { type: "http", scheme: "bearer", description: "The `token` of an emailed \"all my applications\" link, sent as `Authorization: Bearer <token>`" },
          },
        },
      },
      defaultValidationErrorResponse: ref("ValidationFailed") as never,
    }),
  );
}
