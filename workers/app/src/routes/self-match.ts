/**
 * Self-match: `/api/v1/t/:slug/self-match/…` for mentees (by their status
 * token) and mentors (by the token in their request email, or the signed
 * resume link), and `/api/v1/t/:slug/programs/:program/self-match…` for coordinators.
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { ProgramSlugSchema } from "@tandem/programs";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { authContextOf, staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { tenantDataForPublic } from "../services/public-tenant.js";
import {
  cancelRequest,
  getMentorRequest,
  getResume,
  getSelfMatchOverview,
  getSuggestions,
  requestMentor,
  respondToRequest,
  resumeByToken,
  resumeMentor,
} from "../services/self-match.js";

const Params = v.object({ slug: SlugSchema });
const ProgramParams = v.object({ slug: SlugSchema, program: ProgramSlugSchema });
const Token = v.pipe(v.string("is required"), v.minLength(10, "is not a valid link token"), v.maxLength(200, "is not a valid link token"));
const ApplicationId = v.pipe(v.string("is required"), v.uuid("must be a mentor's id, as the suggestions give it"));
const publicErrors = { 400: ref("ValidationFailed"), 404: ref("NotFound"), 409: ref("Conflict") } as const;
const staffErrors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound"), 409: ref("Conflict") } as const;

const Common = v.array(v.object({ key: v.string(), label: v.string(), values: v.array(v.string()) }));
const Suggestion = v.object({
  mentor: v.object({ id: v.string(), name: v.pipe(v.string(), v.description("First name and last initial")) }),
  score: v.pipe(v.number(), v.description("0–1, the engine's pair score")),
  reasons: v.array(v.object({ key: v.string(), label: v.string(), similarity: v.number(), contribution: v.number(), common: v.array(v.string()) })),
  answers: v.array(v.object({ key: v.string(), label: v.string(), value: v.string() })),
  bio: v.nullable(v.string()),
  shownUntil: v.string(),
});
const MenteeView = v.object({
  program: v.object({ slug: v.string(), name: v.string() }),
  mentee: v.object({ firstName: v.string() }),
  state: v.picklist(["choosing", "waiting", "matched", "not_available"]),
  reason: v.pipe(v.nullable(v.string()), v.description("Why nothing can be chosen (not_available), or why the list is empty (choosing)")),
  code: v.nullable(v.picklist(["not_mentee", "coordinator_mode", "program_not_open", "not_approved"])),
  responseDays: v.number(),
  suggestions: v.array(Suggestion),
  request: v.nullable(v.object({ id: v.string(), mentor: v.object({ name: v.string() }), message: v.string(), createdAt: v.string(), expiresAt: v.string() })),
  match: v.nullable(v.object({ mentor: v.object({ name: v.string() }), startedAt: v.string() })),
});
const RequestBody = v.object({
  token: Token,
  mentor: ApplicationId,
  message: v.optional(v.pipe(v.string("must be text"), v.trim(), v.maxLength(1000, "must be at most 1,000 characters")), ""),
});
const MentorRequest = v.object({
  institution: v.object({ name: v.string() }),
  program: v.object({ name: v.string(), expectations: v.string() }),
  mentor: v.object({ firstName: v.string() }),
  mentee: v.object({ firstName: v.string(), name: v.string() }),
  message: v.string(),
  common: Common,
  requestedAt: v.string(),
  expiresAt: v.string(),
});
const Person = v.nullable(v.object({ id: v.string(), firstName: v.string(), lastName: v.string(), email: v.string() }));
const Overview = v.object({
  program: v.object({ slug: v.string(), name: v.string(), status: v.string() }),
  mode: v.picklist(["coordinator", "self_match"]),
  settings: v.object({ suggestionCount: v.number(), responseDays: v.number(), pauseAfterUnanswered: v.number() }),
  counts: v.object({ pending: v.number(), accepted: v.number(), declined: v.number(), expired: v.number(), cancelled: v.number(), pausedMentors: v.number(), activeSelfMatches: v.number() }),
  pending: v.array(v.object({ id: v.string(), mentee: Person, mentor: Person, message: v.string(), createdAt: v.string(), expiresAt: v.string() })),
  paused: v.array(v.object({ mentor: Person, pausedAt: v.string(), unanswered: v.number() })),
});

export const selfMatchRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/self-match/suggestions",
    describeRoute({
      operationId: "getSelfMatchSuggestions",
      tags: ["matching"],
      summary: "A mentee's self-match: their state, and while choosing, suggested mentors with the reasons (by the token in their status link)",
      responses: { 200: jsonResponse("The mentee's view", MenteeView), ...publicErrors },
    }),
    validated("param", Params),
    validated("query", v.object({ token: Token })),
    async (c) => c.json(await getSuggestions(await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId), c.req.valid("query").token)),
  )
  .post(
    "/api/v1/t/:slug/self-match/requests",
    describeRoute({
      operationId: "requestSelfMatchMentor",
      tags: ["matching"],
      summary: "A mentee asks one of their suggested mentors, who is emailed a link to accept or decline",
      responses: { 201: jsonResponse("Asked: the mentee's view, now waiting", MenteeView), ...publicErrors },
    }),
    validated("param", Params),
    validated("json", RequestBody),
    async (c) => {
      const { token, mentor, message } = c.req.valid("json");
      const tenantData = await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId);
      return c.json(await requestMentor(authContextOf(c), tenantData, token, mentor, message), 201);
    },
  )
  .post(
    "/api/v1/t/:slug/self-match/requests/cancel",
    describeRoute({ operationId: "cancelSelfMatchRequest", tags: ["matching"], summary: "A mentee withdraws their request waiting for an answer", responses: { 200: jsonResponse("Withdrawn: the mentee's view", MenteeView), ...publicErrors } }),
    validated("param", Params),
    validated("json", v.object({ token: Token })),
    async (c) => {
      const tenantData = await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId);
      return c.json(await cancelRequest(authContextOf(c), tenantData, c.req.valid("json").token));
    },
  )
  .get(
    "/api/v1/t/:slug/self-match/requests/respond",
    describeRoute({
      operationId: "getSelfMatchRequest",
      tags: ["matching"],
      summary: "What a mentor sees before answering a request: who asks, what they have in common, their message (by the token in the request email)",
      responses: { 200: jsonResponse("The request", MentorRequest), ...publicErrors },
    }),
    validated("param", Params),
    validated("query", v.object({ token: Token })),
    async (c) => c.json(await getMentorRequest(await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId), c.req.valid("query").token)),
  )
  .post(
    "/api/v1/t/:slug/self-match/requests/respond",
    describeRoute({
      operationId: "answerSelfMatchRequest",
      tags: ["matching"],
      summary: "A mentor accepts (a match, with introductions by email) or declines (the mentee chooses again)",
      responses: { 200: jsonResponse("Answered", v.object({ status: v.picklist(["accepted", "declined"]), mentee: v.object({ firstName: v.string() }), program: v.object({ name: v.string() }) })), ...publicErrors },
    }),
    validated("param", Params),
    validated("json", v.object({ token: Token, decision: v.picklist(["accept", "decline"], "must be accept or decline") })),
    async (c) => {
      const { token, decision } = c.req.valid("json");
      const tenantData = await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId);
      return c.json(await respondToRequest(authContextOf(c), tenantData, token, decision));
    },
  )
  .get(
    "/api/v1/t/:slug/self-match/resume",
    describeRoute({
      operationId: "getSelfMatchResume",
      tags: ["matching"],
      summary: "A paused mentor's resume link: why they were paused (the link is signed over the pause and works once)",
      responses: {
        200: jsonResponse("The pause", v.object({ institution: v.object({ name: v.string() }), program: v.object({ name: v.string() }), mentor: v.object({ firstName: v.string() }), pausedAt: v.string(), unanswered: v.number() })),
        ...publicErrors,
      },
    }),
    validated("param", Params),
    validated("query", v.object({ token: Token })),
    async (c) => c.json(await getResume(c.var.config, await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId), c.req.valid("query").token)),
  )
  .post(
    "/api/v1/t/:slug/self-match/resume",
    describeRoute({
      operationId: "resumeSelfMatchSuggestions",
      tags: ["matching"],
      summary: "A paused mentor resumes being suggested to mentees, with one click",
      responses: { 200: jsonResponse("Resumed", v.object({ resumed: v.literal(true), program: v.object({ name: v.string() }), mentor: v.object({ firstName: v.string() }) })), ...publicErrors },
    }),
    validated("param", Params),
    validated("json", v.object({ token: Token })),
    async (c) => c.json(await resumeByToken(c.var.config, await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId), c.req.valid("json").token)),
  )
  .get(
    "/api/v1/t/:slug/programs/:program/self-match",
    describeRoute({ operationId: "getSelfMatchOverview", tags: ["matching"], summary: "A program's self-match: requests waiting for mentors, paused mentors, and the counts", responses: { 200: jsonResponse("Overview", Overview), ...staffErrors } }),
    validated("param", ProgramParams),
    staffOf("managePrograms"),
    async (c) => c.json(await getSelfMatchOverview(c.var.tenantData, c.req.valid("param").program)),
  )
  .post(
    "/api/v1/t/:slug/programs/:program/self-match/mentors/:mentor/resume",
    describeRoute({ operationId: "resumeSelfMatchMentor", tags: ["matching"], summary: "Put a paused mentor back into mentees' suggestions", responses: { 200: jsonResponse("Resumed: the overview", Overview), ...staffErrors } }),
    validated("param", v.object({ ...ProgramParams.entries, mentor: ApplicationId })),
    staffOf("managePrograms"),
    async (c) => {
      const { program, mentor } = c.req.valid("param");
      return c.json(await resumeMentor(c.var.tenantData, program, mentor));
    },
  );
