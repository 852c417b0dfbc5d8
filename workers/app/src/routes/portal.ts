/**
 * The participant portal, `/api/v1/t/:slug/portal…`: one person's view of one
 * match without an account. Every call carries the signed portal token as
 * `Authorization: Bearer <token>` (the `.ics` download, a plain link, as
 * `?token=`). No cookie is involved, so the CSRF check has nothing to guard
 * here; the portal's own page is same-origin and sends `Origin` anyway.
 */
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { describeRoute } from "hono-openapi";
import { EmailSchema, SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { authContextOf } from "../middleware/auth.js";
import type { AppEnv } from "../middleware/request-context.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { logCheckin } from "../services/checkins.js";
import {
  acknowledgeAgreement,
  answerSurvey,
  closeFromPortal,
  createGoal,
  getPreferences,
  nextMeetingIcs,
  openPortal,
  type Portal,
  portalView,
  requestPortalLink,
  savePreferences,
  setMeetingLink,
  updateGoal,
} from "../services/portal.js";
import { tenantDataForPublic } from "../services/public-tenant.js";
import { CLOSE_REASONS, GOAL_STATUSES, MEETING_MODES } from "../services/relationships.js";
import { IsoDate, Text } from "./relationships.js";

type PortalEnv = AppEnv & { Variables: { portal: Portal } };

const Params = v.object({ slug: SlugSchema });
const Title = v.pipe(v.string("must be text"), v.trim(), v.minLength(1, "is required"), v.maxLength(120, "must be at most 120 characters"));
const Whole = (min: number, max: number, message: string) => v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
const Milestones = <T extends v.GenericSchema>(item: T) => v.pipe(v.array(item, "must be a list of milestones"), v.maxLength(10, "list at most 10 milestones"));

const GoalCreate = v.object({
  title: Title,
  why: v.optional(Text(1000)),
  targetOn: v.optional(v.nullable(IsoDate)),
  milestones: v.optional(Milestones(v.object({ title: Title }))),
});
const GoalPatch = v.object({
  title: v.optional(Title),
  why: v.optional(Text(1000)),
  targetOn: v.optional(v.nullable(IsoDate)),
  progress: v.optional(Whole(0, 100, "must be a whole number from 0 to 100")),
  status: v.optional(v.picklist(GOAL_STATUSES, `must be one of ${GOAL_STATUSES.join(", ")}`)),
  milestones: v.optional(Milestones(v.object({ id: v.optional(v.pipe(v.string(), v.maxLength(100))), title: Title, done: v.boolean("must be true or false") }))),
});
const CheckinBody = v.object({
  meetingOn: IsoDate,
  durationMinutes: Whole(5, 480, "must be a whole number of minutes from 5 to 480"),
  mode: v.picklist(MEETING_MODES, `must be one of ${MEETING_MODES.join(", ")}`),
  topics: v.optional(v.pipe(v.array(v.pipe(v.string("must be text"), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(60, "must be at most 60 characters")), "must be a list of topics"), v.maxLength(10, "list at most 10 topics"))),
  sharedNote: v.optional(Text(2000)),
  privateReflection: v.optional(Text(4000)),
  rating: Whole(1, 5, "must be a whole number from 1 to 5"),
});
const EARLY_CLOSE_REASONS = CLOSE_REASONS.filter((reason) => reason !== "completed") as Exclude<(typeof CLOSE_REASONS)[number], "completed">[];
const CloseBody = v.object({
  reason: v.picklist(EARLY_CLOSE_REASONS, `must be one of ${EARLY_CLOSE_REASONS.join(", ")}`),
  note: v.optional(Text(1000), ""),
});
const MeetingLinkBody = v.object({
  url: v.nullable(v.pipe(v.string("must be a web address or null"), v.trim(), v.maxLength(500, "must be at most 500 characters"), v.url("must be a web address like https://meet.example.org/abc"), v.startsWith("https://", "must start with https://"))),
});
const YEAR_MS = 366 * 86_400_000;
const IcsQuery = v.object({
  token: v.pipe(v.string("is required"), v.maxLength(600)),
  start: v.pipe(
    v.string("is required"),
    v.isoTimestamp("must be a date and time like 2026-09-01T16:00:00.000Z"),
    v.check((start) => Math.abs(Date.parse(start) - Date.now()) < YEAR_MS, "must be within a year from now"),
  ),
  durationMinutes: v.optional(v.pipe(v.string(), v.transform(Number), Whole(5, 480, "must be a whole number of minutes from 5 to 480")), "60"),
});
const SurveyParams = v.object({ slug: SlugSchema, key: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/, "must be a survey key such as pulse-1 or midpoint")) });
const GoalParams = v.object({ slug: SlugSchema, goalId: v.pipe(v.string(), v.uuid("must be a goal id")) });

// Response bodies, for the OpenAPI document.
const Goal = v.object({
  id: v.string(),
  title: v.string(),
  why: v.string(),
  targetOn: v.nullable(v.string()),
  status: v.picklist(GOAL_STATUSES),
  progress: v.number(),
  milestones: v.array(v.object({ id: v.string(), title: v.string(), done: v.boolean() })),
  createdAt: v.string(),
  updatedAt: v.string(),
});
const Checkin = v.object({
  id: v.string(),
  outcome: v.picklist(["met", "not_yet", "need_help"]),
  meetingOn: v.nullable(v.string()),
  durationMinutes: v.nullable(v.number()),
  mode: v.nullable(v.picklist(MEETING_MODES)),
  topics: v.array(v.string()),
  sharedNote: v.string(),
  rating: v.nullable(v.number()),
  author: v.picklist(["me", "partner"]),
  privateReflection: v.pipe(v.optional(v.string()), v.description("Only on one's own check-ins; absent on the partner's")),
  source: v.picklist(["portal", "email_link"]),
  createdAt: v.string(),
});
const Option = v.object({ value: v.string(), label: v.string() });
const PortalViewSchema = v.object({
  institution: v.object({ name: v.string(), brandColor: v.string(), logoUrl: v.nullable(v.string()) }),
  me: v.object({ applicationId: v.string(), role: v.picklist(["mentor", "mentee"]), firstName: v.string() }),
  program: v.object({ name: v.string(), slug: v.string(), startsOn: v.nullable(v.string()), endsOn: v.nullable(v.string()), checkinCadenceDays: v.number(), expectations: v.string() }),
  match: v.object({
    id: v.string(),
    status: v.picklist(["active", "closed"]),
    startedAt: v.string(),
    closedAt: v.nullable(v.string()),
    closeReason: v.nullable(v.string()),
    meetingUrl: v.nullable(v.string()),
    partner: v.object({
      firstName: v.string(),
      lastName: v.string(),
      email: v.pipe(v.nullable(v.string()), v.description("null in youth programs unless the program's safeguarding settings let this side see it (mentorSees / menteeSees): contact goes through the coordinator")),
    }),
    paused: v.pipe(
      v.nullable(v.object({ since: v.string(), reason: v.picklist(["guardian_consent_withdrawn"]) })),
      v.description("While paused (a guardian withdrew consent), writes answer 409 match-paused; null while the match runs"),
    ),
  }),
  agreement: v.object({ expectations: v.string(), firstMeetingPrompt: v.string(), acknowledgedByMe: v.boolean(), acknowledgedAt: v.nullable(v.string()), partnerAcknowledged: v.boolean() }),
  goals: v.array(Goal),
  checkins: v.array(Checkin),
  survey: v.nullable(
    v.object({
      key: v.string(),
      kind: v.picklist(["pulse", "midpoint", "final", "closure"]),
      title: v.string(),
      opensOn: v.string(),
      closesOn: v.string(),
      questions: v.pipe(v.array(v.record(v.string(), v.unknown())), v.description("@tandem/forms questions; the 1–5 question's key is `rating`")),
      response: v.nullable(v.object({ answers: v.record(v.string(), v.unknown()), updatedAt: v.string() })),
    }),
  ),
  nextCheckinDueOn: v.nullable(v.string()),
  today: v.pipe(v.string(), v.description("Today where the institution is: meetings are dated on its calendar, up to this day")),
  closeReasons: v.array(Option),
  meetingModes: v.array(Option),
});
const Preferences = v.object({ unsubscribed: v.array(v.string()), kinds: v.array(Option) });
/** The signed portal link's token, as `Authorization: Bearer <token>` (the `portalLink` scheme in the OpenAPI document). */
const portalLink = [{ portalLink: [] }];
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 404: ref("NotFound"), 409: ref("Conflict") } as const;

/** The portal session from the Bearer token (or, for a plain link, `?token=`): 401 when bad or expired, 404 for another institution's. */
function portalAuth(from: "header" | "query") {
  return createMiddleware<PortalEnv>(async (c, next) => {
    const token = from === "header" ? (/^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? null) : (c.req.query("token") ?? null);
    c.set("portal", await openPortal(c.var.db(), c.var.config, c.req.param("slug") ?? "", token, c.var.requestId));
    await next();
  });
}
const withToken = portalAuth("header");

export const portalRoutes = new Hono<PortalEnv>()
  .post(
    "/api/v1/t/:slug/portal/link",
    describeRoute({
      operationId: "requestPortalLink",
      tags: ["relationships"],
      summary: "Email me a fresh link to my mentoring space (one per active or recently closed match); the same answer for any address",
      responses: { 202: jsonResponse("Accepted", v.object({ message: v.string() })), 400: ref("ValidationFailed"), 404: ref("NotFound"), 429: ref("TooManyRequests") },
    }),
    validated("param", Params),
    validated("json", v.object({ email: EmailSchema })),
    async (c) => {
      const tenantData = await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId);
      const ctx = { ...authContextOf(c), waitUntil: (work: Promise<unknown>) => c.executionCtx.waitUntil(work) };
      return c.json(await requestPortalLink(ctx, tenantData, c.req.valid("json").email, c.req.header("cf-connecting-ip") ?? "unknown"), 202);
    },
  )
  .get(
    "/api/v1/t/:slug/portal",
    describeRoute({ operationId: "getPortal", tags: ["relationships"], summary: "My mentoring space: the match, agreement, goals, check-ins, the open survey", security: portalLink, responses: { 200: jsonResponse("The portal", PortalViewSchema), ...errors } }),
    validated("param", Params),
    withToken,
    async (c) => c.json(await portalView(c.var.portal)),
  )
  .post(
    "/api/v1/t/:slug/portal/agreement",
    describeRoute({ operationId: "acknowledgeAgreement", tags: ["relationships"], summary: "Acknowledge the program's expectations and the first-meeting prompt (idempotent)", security: portalLink, responses: { 200: jsonResponse("The portal", PortalViewSchema), ...errors } }),
    validated("param", Params),
    withToken,
    async (c) => c.json(await acknowledgeAgreement(c.var.portal)),
  )
  .post(
    "/api/v1/t/:slug/portal/goals",
    describeRoute({ operationId: "createGoal", tags: ["relationships"], summary: "Set a goal for the pair: title, why it matters, a target date, milestones", security: portalLink, responses: { 201: jsonResponse("Created", v.object({ goal: Goal })), ...errors } }),
    validated("param", Params),
    validated("json", GoalCreate),
    withToken,
    async (c) => c.json(await createGoal(c.var.portal, c.req.valid("json")), 201),
  )
  .patch(
    "/api/v1/t/:slug/portal/goals/:goalId",
    describeRoute({ operationId: "updateGoal", tags: ["relationships"], summary: "Update a goal: progress, status, milestones (the list given replaces them; an id keeps one)", security: portalLink, responses: { 200: jsonResponse("Updated", v.object({ goal: Goal })), ...errors } }),
    validated("param", GoalParams),
    validated("json", GoalPatch),
    withToken,
    async (c) => c.json(await updateGoal(c.var.portal, c.req.valid("param").goalId, c.req.valid("json"))),
  )
  .post(
    "/api/v1/t/:slug/portal/checkins",
    describeRoute({
      operationId: "logCheckin",
      tags: ["relationships"],
      summary: "Log a meeting: date, duration, mode, topics, a shared note, a private reflection (only its author ever sees it), how it went",
      security: portalLink,
      responses: { 201: jsonResponse("Logged", v.object({ checkin: Checkin })), ...errors },
    }),
    validated("param", Params),
    validated("json", CheckinBody),
    withToken,
    async (c) => c.json(await logCheckin(c.var.portal, c.req.valid("json")), 201),
  )
  .put(
    "/api/v1/t/:slug/portal/surveys/:key",
    describeRoute({
      operationId: "answerSurvey",
      tags: ["relationships"],
      summary: "Answer the open survey, or change the answers while it is open (409 survey-closed otherwise)",
      security: portalLink,
      responses: { 200: jsonResponse("Saved", v.object({ response: v.object({ key: v.string(), kind: v.string(), answers: v.record(v.string(), v.unknown()), rating: v.nullable(v.number()), updatedAt: v.string() }) })), ...errors },
    }),
    validated("param", SurveyParams),
    validated("json", v.object({ answers: v.record(v.string(), v.unknown(), "must be an object of answers by question key") })),
    withToken,
    async (c) => c.json(await answerSurvey(c.var.portal, c.req.valid("param").key, c.req.valid("json"))),
  )
  .put(
    "/api/v1/t/:slug/portal/meeting-link",
    describeRoute({ operationId: "setMeetingLink", tags: ["relationships"], summary: "Store the pair's video meeting link (https), or remove it with null", security: portalLink, responses: { 200: jsonResponse("Saved", v.object({ meetingUrl: v.nullable(v.string()) })), ...errors } }),
    validated("param", Params),
    validated("json", MeetingLinkBody),
    withToken,
    async (c) => c.json(await setMeetingLink(c.var.portal, c.req.valid("json").url)),
  )
  .get(
    "/api/v1/t/:slug/portal/next-meeting.ics",
    describeRoute({
      operationId: "downloadNextMeeting",
      tags: ["relationships"],
      summary: "The next meeting as a calendar file to import (token in the query: this is a plain download link)",
      responses: { 200: { description: "An iCalendar file", content: { "text/calendar": { schema: { type: "string" } } } }, ...errors },
    }),
    validated("param", Params),
    validated("query", IcsQuery),
    portalAuth("query"),
    async (c) => {
      const { start, durationMinutes } = c.req.valid("query");
      const { filename, body } = await nextMeetingIcs(c.var.portal, Date.parse(start), durationMinutes);
      return c.body(body, 200, { "content-type": "text/calendar; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" });
    },
  )
  .post(
    "/api/v1/t/:slug/portal/close",
    describeRoute({ operationId: "closeMatchFromPortal", tags: ["relationships"], summary: "Close the match early, with a reason; both people get the closure survey by email", security: portalLink, responses: { 200: jsonResponse("Closed: the portal", PortalViewSchema), ...errors } }),
    validated("param", Params),
    validated("json", CloseBody),
    withToken,
    async (c) => c.json(await closeFromPortal(c.var.portal, c.env.JOBS, c.req.valid("json"))),
  )
  .get(
    "/api/v1/t/:slug/portal/preferences",
    describeRoute({ operationId: "getReminderPreferences", tags: ["relationships"], summary: "Which reminder emails I get", security: portalLink, responses: { 200: jsonResponse("Preferences", Preferences), ...errors } }),
    validated("param", Params),
    withToken,
    async (c) => c.json(await getPreferences(c.var.portal)),
  )
  .put(
    "/api/v1/t/:slug/portal/preferences",
    describeRoute({ operationId: "saveReminderPreferences", tags: ["relationships"], summary: "Choose the reminder kinds I do not want (`all` for none); honoured from the next send", security: portalLink, responses: { 200: jsonResponse("Saved", Preferences), ...errors } }),
    validated("param", Params),
    validated("json", v.object({ unsubscribed: v.pipe(v.array(v.pipe(v.string("must be a reminder kind"), v.maxLength(40)), "must be a list of reminder kinds"), v.maxLength(20, "list at most 20 kinds")) })),
    withToken,
    async (c) => c.json(await savePreferences(c.var.portal, c.req.valid("json").unsubscribed)),
  );
