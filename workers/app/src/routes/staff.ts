/** An institution's staff and invitations: `/api/v1/t/:slug/staff`, `/invitations…`. */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { InvitationSchema, PersonNameSchema, SlugSchema, STAFF_ROLES } from "@tandem/tenancy";
import * as v from "valibot";
import { authContextOf, forwardCookies, staffOf, type TenantEnv } from "../middleware/auth.js";
import type { AppEnv } from "../middleware/request-context.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { acceptInvitationBySlug } from "../services/invitations.js";
import { inviteStaff, listStaff, revokeInvitation } from "../services/staff.js";
import { InstitutionSchema, InvitationSummarySchema } from "./schemas.js";

const TenantParams = v.object({ slug: SlugSchema });
const InvitationParams = v.object({ slug: SlugSchema, id: v.pipe(v.string(), v.uuid("must be an invitation id")) });

const StaffSchema = v.object({
  members: v.array(v.object({ userId: v.string(), name: v.string(), email: v.string(), role: v.picklist(STAFF_ROLES) })),
  invitations: v.array(v.object({ id: v.string(), email: v.string(), role: v.picklist(STAFF_ROLES), status: v.string(), expiresAt: v.string() })),
});

const staffErrors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") } as const;

export const staffRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/staff",
    describeRoute({
      operationId: "listStaff",
      tags: ["staff"],
      summary: "Staff members and pending invitations (owners and admins)",
      responses: { 200: jsonResponse("Staff", StaffSchema), ...staffErrors },
    }),
    validated("param", TenantParams),
    staffOf("manageStaff"),
    async (c) => c.json(await listStaff(c.var.tenantData, c.var.db())),
  )
  .post(
    "/api/v1/t/:slug/invitations",
    describeRoute({
      operationId: "inviteStaff",
      tags: ["staff"],
      summary: "Invite a person by email with a role; they accept through the emailed link",
      responses: { 201: jsonResponse("Invited", v.object({ invitation: InvitationSummarySchema })), ...staffErrors, 409: ref("Conflict"), 429: ref("TooManyRequests") },
    }),
    validated("param", TenantParams),
    validated("json", InvitationSchema),
    staffOf("manageStaff"),
    async (c) => {
      const invitation = await inviteStaff(authContextOf(c), c.var.tenantData, {
        input: c.req.valid("json"),
        inviter: c.var.user,
        inviterRole: c.var.role,
        ip: c.req.header("cf-connecting-ip") ?? "unknown",
      });
      return c.json({ invitation }, 201);
    },
  )
  .delete(
    "/api/v1/t/:slug/invitations/:id",
    describeRoute({
      operationId: "revokeInvitation",
      tags: ["staff"],
      summary: "Revoke a pending invitation",
      responses: { 204: { description: "Revoked" }, ...staffErrors },
    }),
    validated("param", InvitationParams),
    staffOf("manageStaff"),
    async (c) => {
      await revokeInvitation(c.var.tenantData, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

/** Accepting needs no session: the emailed token is the proof. */
export const invitationAcceptRoutes = new Hono<AppEnv>().post(
  "/api/v1/t/:slug/invitations/accept",
  describeRoute({
    operationId: "acceptInvitation",
    tags: ["staff"],
    summary: "Accept an invitation with its emailed token; signs the invitee in",
    responses: {
      200: jsonResponse("Joined", v.object({ institution: v.pick(InstitutionSchema.pipe[0], ["slug", "name"]), role: v.picklist(STAFF_ROLES) })),
      400: ref("ValidationFailed"),
      404: ref("NotFound"),
    },
  }),
  validated("param", TenantParams),
  validated("json", v.object({ token: v.pipe(v.string(), v.minLength(10, "is not an invitation token"), v.maxLength(500)), name: PersonNameSchema })),
  async (c) => {
    const { token, name } = c.req.valid("json");
    const { value, setCookies } = await acceptInvitationBySlug(authContextOf(c), c.req.valid("param").slug, token, name, c.var.requestId);
    const response = c.json(value);
    forwardCookies(c, setCookies);
    return response;
  },
);
