/** An institution's custom domains: `/api/v1/t/:slug/domains`. */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { addDomain, listDomains, removeDomain } from "../services/domains.js";

const HostnameSchema = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(253, "must be at most 253 characters"),
  v.regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a domain name such as mentoring.example.edu"),
);
const DomainSchema = v.object({ hostname: v.string(), createdAt: v.string() });
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") } as const;

export const domainRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/domains",
    describeRoute({ operationId: "listDomains", tags: ["institutions"], summary: "Custom domains that show this institution (owners and admins)", responses: { 200: jsonResponse("Domains", v.object({ domains: v.array(DomainSchema) })), ...errors } }),
    validated("param", v.object({ slug: SlugSchema })),
    staffOf("manageSettings"),
    async (c) => c.json({ domains: await listDomains(c.var.tenantData) }),
  )
  .post(
    "/api/v1/t/:slug/domains",
    describeRoute({ operationId: "addDomain", tags: ["institutions"], summary: "Register a custom domain; point its DNS at Tandem", responses: { 201: jsonResponse("Added", v.object({ hostname: v.string() })), ...errors, 409: ref("Conflict") } }),
    validated("param", v.object({ slug: SlugSchema })),
    validated("json", v.object({ hostname: HostnameSchema })),
    staffOf("manageSettings"),
    async (c) => c.json(await addDomain(c.var.tenantData, c.req.valid("json").hostname, c.var.config.baseDomain), 201),
  )
  .delete(
    "/api/v1/t/:slug/domains/:hostname",
    describeRoute({ operationId: "removeDomain", tags: ["institutions"], summary: "Remove a custom domain", responses: { 204: { description: "Removed" }, ...errors } }),
    validated("param", v.object({ slug: SlugSchema, hostname: HostnameSchema })),
    staffOf("manageSettings"),
    async (c) => {
      await removeDomain(c.var.tenantData, c.req.valid("param").hostname);
      return c.body(null, 204);
    },
  );
