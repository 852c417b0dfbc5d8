/** Matching a program's approved applicants: `/api/v1/t/:slug/programs/:program/matching…` and its matches. */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { MatchingSettingsSchema, ProgramSlugSchema } from "@tandem/programs";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { authContextOf, staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import {
  adjustMatchingRun,
  approveMatchingRun,
  discardMatchingRun,
  getMatchingRun,
  getMatchingSettings,
  listMatches,
  listMatchingRuns,
  saveMatchingSettings,
  startMatchingRun,
} from "../services/matching.js";

const Params = v.object({ slug: SlugSchema, program: ProgramSlugSchema });
const RunParams = v.object({ ...Params.entries, run: v.pipe(v.string(), v.uuid("must be a matching run id")) });
const ApplicationId = v.pipe(v.string("is required"), v.uuid("must be an application id"));
const PairSchema = v.object({ mentor: ApplicationId, mentee: ApplicationId });
const Pairs = v.pipe(v.array(PairSchema), v.maxLength(5000, "list at most 5,000 pairs"));

const RunSummary = v.object({
  id: v.string(),
  status: v.picklist(["running", "proposed", "approved", "discarded", "failed"]),
  scope: v.picklist(["all", "late_joiners"]),
  progress: v.pipe(v.number(), v.description("0–100, for a queued run's progress bar")),
  revision: v.number(),
  error: v.nullable(v.string()),
  matched: v.nullable(v.number()),
  unmatched: v.nullable(v.number()),
  createdAt: v.string(),
  completedAt: v.nullable(v.string()),
  decidedAt: v.nullable(v.string()),
});
const Person = v.nullable(v.object({ id: v.string(), firstName: v.string(), lastName: v.string(), email: v.string() }));
const Reason = v.object({ key: v.string(), label: v.optional(v.string()), similarity: v.number(), contribution: v.number() });
const Criterion = v.object({ key: v.string(), label: v.string(), kind: v.string(), weight: v.number(), required: v.boolean(), scale: v.optional(v.number()) });
const RunDetail = v.object({
  run: RunSummary,
  criteria: v.array(Criterion),
  proposal: v.nullable(
    v.object({
      stats: v.object({ matched: v.number(), totalScore: v.number(), minScore: v.nullable(v.number()), averageScore: v.nullable(v.number()), elapsedMs: v.number() }),
      distribution: v.array(v.object({ from: v.number(), to: v.number(), count: v.number() })),
      pairs: v.array(v.object({ mentor: Person, mentee: Person, score: v.number(), locked: v.boolean(), adjusted: v.boolean(), reasons: v.array(Reason) })),
      unmatched: v.array(v.object({ mentee: Person, reason: v.string() })),
      mentors: v.array(v.object({ mentor: Person, openPlaces: v.number(), proposed: v.number() })),
      excluded: v.array(PairSchema),
    }),
  ),
});
const SettingsResponse = v.object({
  settings: v.record(v.string(), v.unknown()),
  criteria: v.array(Criterion),
  pool: v.object({ waitingMentees: v.number(), mentors: v.number(), openPlaces: v.number(), activeMatches: v.number(), mentorsNotReady: v.pipe(v.number(), v.description("Approved mentors held back until they finish required screening or training")) }),
  problems: v.array(v.object({ path: v.array(v.union([v.string(), v.number()])), message: v.string() })),
  fromForms: v.array(Criterion),
  questions: v.array(v.object({ key: v.string(), label: v.string(), type: v.string(), kinds: v.array(v.string()) })),
  defaults: v.record(v.string(), v.unknown()),
});
const AdjustmentSchema = v.variant(
  "action",
  [
    v.object({ action: v.literal("assign"), mentee: ApplicationId, mentor: ApplicationId }),
    v.object({ action: v.literal("swap"), mentees: v.tuple([ApplicationId, ApplicationId], "must name two mentees") }),
    v.object({ action: v.literal("unassign"), mentee: ApplicationId }),
    v.object({ action: v.literal("lock"), mentee: ApplicationId }),
    v.object({ action: v.literal("unlock"), mentee: ApplicationId }),
  ],
  "must be one of assign, swap, unassign, lock, unlock",
);
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound"), 409: ref("Conflict") } as const;

export const matchingRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/programs/:program/matching/settings",
    describeRoute({ operationId: "getMatchingSettings", tags: ["matching"], summary: "How the program matches: criteria, objective, mode, and the questions to choose from", responses: { 200: jsonResponse("Settings", SettingsResponse), ...errors } }),
    validated("param", Params),
    staffOf("managePrograms"),
    async (c) => c.json(await getMatchingSettings(c.var.tenantData, c.req.valid("param").program)),
  )
  .put(
    "/api/v1/t/:slug/programs/:program/matching/settings",
    describeRoute({ operationId: "saveMatchingSettings", tags: ["matching"], summary: "Change the criteria (null: as the forms set them), objective, mode or self-match rules", responses: { 200: jsonResponse("Saved", SettingsResponse), ...errors } }),
    validated("param", Params),
    validated("json", MatchingSettingsSchema),
    staffOf("managePrograms"),
    async (c) => c.json(await saveMatchingSettings(c.var.tenantData, c.req.valid("param").program, c.req.valid("json"))),
  )
  .get(
    "/api/v1/t/:slug/programs/:program/matching/runs",
    describeRoute({ operationId: "listMatchingRuns", tags: ["matching"], summary: "The program's matching runs, newest first", responses: { 200: jsonResponse("Runs", v.object({ runs: v.array(RunSummary) })), ...errors } }),
    validated("param", Params),
    staffOf("managePrograms"),
    async (c) => c.json(await listMatchingRuns(c.var.tenantData, c.req.valid("param").program)),
  )
  .post(
    "/api/v1/t/:slug/programs/:program/matching/runs",
    describeRoute({
      operationId: "startMatchingRun",
      tags: ["matching"],
      summary: "Match approved mentees still waiting with mentors' open places; small cohorts answer 201 with the proposal, large ones 202 while the queue solves",
      responses: { 201: jsonResponse("Proposed", RunDetail), 202: jsonResponse("Running on the queue: poll the run", RunDetail), ...errors },
    }),
    validated("param", Params),
    validated("json", v.object({ basedOn: v.optional(v.pipe(v.string(), v.uuid("must be a matching run id"))), locked: v.optional(Pairs), excluded: v.optional(Pairs) })),
    staffOf("managePrograms"),
    async (c) => {
      const result = await startMatchingRun(authContextOf(c), c.var.tenantData, c.req.valid("param").program, c.req.valid("json"), c.var.user.id);
      return c.json(result, result.run.status === "running" ? 202 : 201);
    },
  )
  .get(
    "/api/v1/t/:slug/programs/:program/matching/runs/:run",
    describeRoute({ operationId: "getMatchingRun", tags: ["matching"], summary: "A run: progress, or the proposal with each pair's score and reasons, the unmatched and why", responses: { 200: jsonResponse("Run", RunDetail), ...errors } }),
    validated("param", RunParams),
    staffOf("managePrograms"),
    async (c) => {
      const { program, run } = c.req.valid("param");
      return c.json(await getMatchingRun(c.var.tenantData, program, run));
    },
  )
  .post(
    "/api/v1/t/:slug/programs/:program/matching/runs/:run/adjustments",
    describeRoute({ operationId: "adjustMatchingRun", tags: ["matching"], summary: "Assign, swap, unassign, lock or unlock pairs of a proposal (placed pairs are locked for re-runs)", responses: { 200: jsonResponse("Adjusted", RunDetail), ...errors } }),
    validated("param", RunParams),
    validated("json", AdjustmentSchema),
    staffOf("managePrograms"),
    async (c) => {
      const { program, run } = c.req.valid("param");
      return c.json(await adjustMatchingRun(c.var.tenantData, program, run, c.req.valid("json")));
    },
  )
  .post(
    "/api/v1/t/:slug/programs/:program/matching/runs/:run/approve",
    describeRoute({
      operationId: "approveMatchingRun",
      tags: ["matching"],
      summary: "Turn the proposal into matches and email both people of each pair an introduction",
      responses: { 200: jsonResponse("Approved", v.object({ run: RunSummary, created: v.number(), introductionsQueued: v.number() })), ...errors },
    }),
    validated("param", RunParams),
    staffOf("managePrograms"),
    async (c) => {
      const { program, run } = c.req.valid("param");
      return c.json(await approveMatchingRun(authContextOf(c), c.var.tenantData, program, run));
    },
  )
  .post(
    "/api/v1/t/:slug/programs/:program/matching/runs/:run/discard",
    describeRoute({ operationId: "discardMatchingRun", tags: ["matching"], summary: "Set a proposal aside without matching anyone", responses: { 200: jsonResponse("Discarded", v.object({ run: RunSummary })), ...errors } }),
    validated("param", RunParams),
    staffOf("managePrograms"),
    async (c) => {
      const { program, run } = c.req.valid("param");
      return c.json(await discardMatchingRun(c.var.tenantData, program, run));
    },
  )
  .get(
    "/api/v1/t/:slug/programs/:program/matches",
    describeRoute({
      operationId: "listMatches",
      tags: ["matching"],
      summary: "The program's matches with both people and their score",
      responses: {
        200: jsonResponse("Matches", v.object({ matches: v.array(v.object({ id: v.string(), status: v.string(), source: v.string(), score: v.number(), reasons: v.array(Reason), mentor: Person, mentee: Person, startedAt: v.string() })) })),
        ...errors,
      },
    }),
    validated("param", Params),
    validated("query", v.object({ status: v.optional(v.picklist(["active", "closed"], "must be active or closed")) })),
    staffOf("managePrograms"),
    async (c) => c.json(await listMatches(c.var.tenantData, c.req.valid("param").program, c.req.valid("query").status)),
  );
