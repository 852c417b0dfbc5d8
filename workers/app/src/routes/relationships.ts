/**
 * The relationship for coordinators: `/api/v1/t/:slug/programs/:program/relationships`
 * (pairs by risk), `…/relationship-settings` (survey calendar, first-meeting
 * prompt) and `/api/v1/t/:slug/matches/:matchId…` (one pair, support contacts,
 * calls for help, closing). Coordinators reach only the programs they run;
 * another program's pair is as good as absent (404).
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { ProgramSlugSchema } from "@tandem/programs";
import { SUPPORT_PARTIES, SurveySettingsSchema } from "@tandem/relationships";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import {
  addSupportContact,
  CLOSE_REASONS,
  CLOSURE_NEXT_STEPS,
  closeMatchAsStaff,
  getMatchDetail,
  getRelationshipSettings,
  listRelationships,
  recordClosure,
  resolveHelpRequest,
  saveRelationshipSettings,
} from "../services/relationships.js";

const ProgramParams = v.object({ slug: SlugSchema, program: ProgramSlugSchema });
const MatchParams = v.object({ slug: SlugSchema, matchId: v.pipe(v.string(), v.uuid("must be a match id")) });
const HelpParams = v.object({ ...MatchParams.entries, checkinId: v.pipe(v.string(), v.uuid("must be a check-in id")) });
const isRealDate = (iso: string) => new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso);
/** A local calendar date that exists (the format check alone would let 2026-02-30 through); also the portal's. */
export const IsoDate = v.pipe(v.string("must be a date like 2026-09-01"), v.isoDate("must be a date like 2026-09-01"), v.check(isRealDate, "must be a date that exists on the calendar"));
/** Trimmed text of at most `max` characters; also the portal's. */
export const Text = (max: number) => v.pipe(v.string("must be text"), v.trim(), v.maxLength(max, `must be at most ${max.toLocaleString("en-US")} characters`));
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound"), 409: ref("Conflict") } as const;

const Person = v.object({ id: v.string(), firstName: v.string(), lastName: v.string() });
const Parties = v.pipe(v.array(v.picklist(SUPPORT_PARTIES)), v.description("Who was reached; empty for contacts logged before this was asked"));
const NextStep = v.picklist(CLOSURE_NEXT_STEPS, `must be one of ${CLOSURE_NEXT_STEPS.join(", ")}`);
/** The closure procedure: the closing conversation and each side's next step (`rematch`: back to the matching pool; `exit`: their application is withdrawn). */
const ClosureFields = {
  closureConversationOn: v.optional(v.pipe(IsoDate, v.description("Local date of the closure conversation; not in the future"))),
  closureConversationNote: v.optional(Text(2000)),
  mentorNextStep: v.optional(NextStep),
  menteeNextStep: v.optional(NextStep),
};
const Health = v.object({
  status: v.picklist(["on_track", "needs_attention", "at_risk"]),
  reasons: v.array(v.object({ code: v.string(), message: v.string() })),
  daysSinceCheckin: v.pipe(v.nullable(v.number()), v.description("Whole days since the pair last met; null before their first meeting")),
});
const Paused = v.pipe(
  v.nullable(v.object({ since: v.string(), reason: v.picklist(["guardian_consent_withdrawn"]) })),
  v.description("Set while an active pair is paused (a guardian withdrew consent): no reminders, no meetings logged"),
);
const Support = v.object({
  lastContactOn: v.nullable(v.string()),
  due: v.boolean(),
  dueOn: v.string(),
  daysOverdue: v.number(),
  waitingOn: v.pipe(v.array(v.picklist(SUPPORT_PARTIES)), v.description("Who the next contact must reach: those overdue, or else those due soonest (each of mentor and mentee, and in youth programs the guardian, has its own rhythm)")),
});
const PairRow = v.object({
  id: v.string(),
  status: v.picklist(["active", "closed"]),
  startedAt: v.string(),
  closedAt: v.nullable(v.string()),
  closeReason: v.nullable(v.string()),
  closureComplete: v.pipe(v.nullable(v.boolean()), v.description("Closed pairs: the closure conversation and both next steps are recorded; null for active pairs")),
  paused: Paused,
  mentor: Person,
  mentee: Person,
  health: Health,
  lastCheckinAt: v.pipe(v.nullable(v.string()), v.description("Start of the local day of the latest meeting")),
  lastCheckinOn: v.nullable(v.string()),
  openHelpRequests: v.number(),
  support: Support,
  agreement: v.object({ mentor: v.boolean(), mentee: v.boolean() }),
  goals: v.object({ open: v.number(), achieved: v.number() }),
});
const ListResponse = v.object({
  program: v.object({ slug: v.string(), name: v.string(), checkinCadenceDays: v.number() }),
  counts: v.object({ on_track: v.number(), needs_attention: v.number(), at_risk: v.number(), closed: v.number(), supportOverdue: v.number(), helpRequested: v.number(), paused: v.number() }),
  matches: v.array(PairRow),
});
const Detail = v.object({
  match: v.object({ id: v.string(), status: v.string(), source: v.string(), startedAt: v.string(), closedAt: v.nullable(v.string()), meetingUrl: v.nullable(v.string()) }),
  paused: Paused,
  program: v.object({ slug: v.string(), name: v.string(), checkinCadenceDays: v.number(), youth: v.boolean() }),
  mentor: v.object({ ...Person.entries, email: v.string() }),
  mentee: v.object({ ...Person.entries, email: v.string() }),
  health: Health,
  lastCheckinAt: v.nullable(v.string()),
  support: v.object({ ...Support.entries, contacts: v.array(v.object({ id: v.string(), contactedOn: v.string(), note: v.string(), parties: Parties, by: v.nullable(v.object({ name: v.string() })), createdAt: v.string() })) }),
  agreement: v.object({ mentorAcknowledgedAt: v.nullable(v.string()), menteeAcknowledgedAt: v.nullable(v.string()), firstMeetingPrompt: v.string() }),
  goals: v.array(v.record(v.string(), v.unknown())),
  checkins: v.pipe(v.array(v.record(v.string(), v.unknown())), v.description("Shared fields only: private reflections never leave their author")),
  surveys: v.array(
    v.object({
      key: v.string(),
      kind: v.string(),
      title: v.string(),
      by: v.picklist(["mentor", "mentee"]),
      rating: v.nullable(v.number()),
      answers: v.record(v.string(), v.unknown()),
      answerList: v.array(v.object({ key: v.string(), label: v.string(), value: v.string() })),
      updatedAt: v.string(),
    }),
  ),
  closure: v.pipe(
    v.nullable(
      v.object({
        reason: v.nullable(v.string()),
        reasonLabel: v.nullable(v.string()),
        note: v.string(),
        closedBy: v.nullable(v.string()),
        closedAt: v.nullable(v.string()),
        conversationOn: v.pipe(v.nullable(v.string()), v.description("Local date of the closure conversation, once recorded")),
        conversationNote: v.string(),
        mentorNextStep: v.nullable(v.picklist(CLOSURE_NEXT_STEPS)),
        menteeNextStep: v.nullable(v.picklist(CLOSURE_NEXT_STEPS)),
        surveySent: v.pipe(v.boolean(), v.description("The closure survey was emailed to both people")),
        surveySentAt: v.pipe(v.nullable(v.string()), v.description("When it had gone to both (the procedure's record), or null while it is being sent")),
        complete: v.pipe(v.boolean(), v.description("The closure conversation and both next steps are recorded")),
      }),
    ),
    v.description("Null while the match is active"),
  ),
  closeReasons: v.array(v.object({ value: v.string(), label: v.string() })),
});
const SettingsResponse = v.object({
  surveys: v.record(v.string(), v.unknown()),
  firstMeetingPrompt: v.string(),
  schedule: v.array(v.object({ key: v.string(), kind: v.string(), title: v.string(), opensOn: v.string(), closesOn: v.string() })),
  defaults: v.record(v.string(), v.unknown()),
});

const staff = (c: { var: { user: { id: string }; role: TenantEnv["Variables"]["role"] } }) => ({ userId: c.var.user.id, role: c.var.role });

export const relationshipRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/programs/:program/relationships",
    describeRoute({
      operationId: "listRelationships",
      tags: ["relationships"],
      summary: "The program's pairs with health, support rhythm and calls for help: active ones most at risk first (default), or closed ones newest first",
      responses: { 200: jsonResponse("Pairs", ListResponse), ...errors },
    }),
    validated("param", ProgramParams),
    validated("query", v.object({ status: v.optional(v.picklist(["active", "closed"], "must be active or closed")) })),
    staffOf("managePrograms"),
    async (c) => c.json(await listRelationships(c.var.tenantData, c.req.valid("param").program, c.req.valid("query").status)),
  )
  .get(
    "/api/v1/t/:slug/programs/:program/relationship-settings",
    describeRoute({ operationId: "getRelationshipSettings", tags: ["relationships"], summary: "The program's survey calendar settings, the surveys they give, and the first-meeting prompt", responses: { 200: jsonResponse("Settings", SettingsResponse), ...errors } }),
    validated("param", ProgramParams),
    staffOf("managePrograms"),
    async (c) => c.json(await getRelationshipSettings(c.var.tenantData, c.req.valid("param").program)),
  )
  .put(
    "/api/v1/t/:slug/programs/:program/relationship-settings",
    describeRoute({
      operationId: "saveRelationshipSettings",
      tags: ["relationships"],
      summary: "Change the survey calendar (the settings given replace the stored ones; defaults fill the rest) or the first-meeting prompt (empty: one from what each pair has in common)",
      responses: { 200: jsonResponse("Saved", SettingsResponse), ...errors },
    }),
    validated("param", ProgramParams),
    validated("json", v.object({ surveys: v.optional(SurveySettingsSchema), firstMeetingPrompt: v.optional(Text(1000)) })),
    staffOf("managePrograms"),
    async (c) => c.json(await saveRelationshipSettings(c.var.tenantData, c.req.valid("param").program, c.req.valid("json"))),
  )
  .get(
    "/api/v1/t/:slug/matches/:matchId",
    describeRoute({ operationId: "getMatchDetail", tags: ["relationships"], summary: "One pair: people, health, support contacts, agreement, goals, check-ins (never private reflections), survey answers, closure", responses: { 200: jsonResponse("The pair", Detail), ...errors } }),
    validated("param", MatchParams),
    staffOf("managePrograms"),
    async (c) => c.json(await getMatchDetail(c.var.tenantData, staff(c), c.req.valid("param").matchId)),
  )
  .post(
    "/api/v1/t/:slug/matches/:matchId/support-contacts",
    describeRoute({
      operationId: "addSupportContact",
      tags: ["relationships"],
      summary: "Log a contact with the pair (a date up to today, who was reached, a note); best practice is at least monthly",
      responses: { 201: jsonResponse("Logged", v.object({ contact: v.object({ id: v.string(), contactedOn: v.string(), note: v.string(), parties: Parties, createdAt: v.string() }) })), ...errors },
    }),
    validated("param", MatchParams),
    validated(
      "json",
      v.object({
        contactedOn: IsoDate,
        note: v.optional(Text(2000), ""),
        parties: v.optional(
          v.pipe(
            v.array(v.picklist(SUPPORT_PARTIES, `must each be one of ${SUPPORT_PARTIES.join(", ")}`), "must be a list of who was reached"),
            v.minLength(1, "must name at least one person reached"),
            v.description("Who was reached (guardian only in youth programs); both people when left out"),
          ),
        ),
      }),
    ),
    staffOf("managePrograms"),
    async (c) => c.json(await addSupportContact(c.var.tenantData, staff(c), c.req.valid("param").matchId, c.req.valid("json")), 201),
  )
  .post(
    "/api/v1/t/:slug/matches/:matchId/help-requests/:checkinId/resolve",
    describeRoute({ operationId: "resolveHelpRequest", tags: ["relationships"], summary: "Mark a pair's \"We need help\" handled (idempotent)", responses: { 200: jsonResponse("Resolved", v.object({ checkin: v.record(v.string(), v.unknown()) })), ...errors } }),
    validated("param", HelpParams),
    staffOf("managePrograms"),
    async (c) => {
      const { matchId, checkinId } = c.req.valid("param");
      return c.json(await resolveHelpRequest(c.var.tenantData, staff(c), matchId, checkinId));
    },
  )
  .post(
    "/api/v1/t/:slug/matches/:matchId/close",
    describeRoute({
      operationId: "closeMatch",
      tags: ["relationships"],
      summary: "Close the match (completed, or early with a reason), optionally with the closure conversation and each side's next step; both people get the closure survey by email",
      responses: { 200: jsonResponse("Closed: the pair", Detail), ...errors },
    }),
    validated("param", MatchParams),
    validated("json", v.object({ reason: v.picklist(CLOSE_REASONS, `must be one of ${CLOSE_REASONS.join(", ")}`), note: v.optional(Text(1000), ""), ...ClosureFields })),
    staffOf("managePrograms"),
    async (c) => c.json(await closeMatchAsStaff(c.var.tenantData, c.env.JOBS, staff(c), c.req.valid("param").matchId, c.req.valid("json"))),
  )
  .patch(
    "/api/v1/t/:slug/matches/:matchId/closure",
    describeRoute({
      operationId: "recordClosure",
      tags: ["relationships"],
      summary: "Record or complete a closed match's closure conversation and each side's next step (rematch, or exit: the application is withdrawn unless they have another active match); an active match is 409",
      responses: { 200: jsonResponse("The pair", Detail), ...errors },
    }),
    validated("param", MatchParams),
    validated("json", v.object(ClosureFields)),
    staffOf("managePrograms"),
    async (c) => c.json(await recordClosure(c.var.tenantData, staff(c), c.req.valid("param").matchId, c.req.valid("json"))),
  );
