/** What each job kind does. Handlers must be safe to run twice (delivery is at least once). */
import * as v from "valibot";
import type { Database } from "@tandem/db";
import {
  CheckinHelpAlertPayloadSchema,
  ConsentRequestPayloadSchema,
  inSendBatches,
  INTRODUCTION_GRACE_MINUTES,
  INTRODUCTION_LOOKBACK_DAYS,
  IntroductionSweepPayloadSchema,
  type JobKind,
  type JobMessage,
  MatchClosedPayloadSchema,
  MatchIntroductionPayloadSchema,
  MatchingRunPayloadSchema,
  PrunePayloadSchema,
  RemindersScanPayloadSchema,
  RemindersScanTenantPayloadSchema,
  ScreeningExpirySweepPayloadSchema,
  SelfMatchSweepPayloadSchema,
} from "@tandem/jobs";
import type { AppConfig } from "../config.js";
import { matchesClosedWithoutSurveys, matchesNeverIntroduced } from "../data/introduction-sweep.js";
import { pruneJobLedgers } from "../data/jobs.js";
import { pruneRateLimitCounters } from "../data/rate-limits.js";
import { tenantsWithExpiredScreenings } from "../data/screening-expiry.js";
import { tenantsWithOverdueRequests } from "../data/self-match-sweep.js";
import { TenantData } from "../data/tenant-data.js";
import { findTenantById } from "../data/tenants.js";
import type { Mailer } from "../email/mailer.js";
import { describeError, log } from "../log.js";
import { emailConsentRequest } from "../services/consent-requests.js";
import { sendMatchIntroduction } from "../services/introductions.js";
import { completeMatchingRun, failMatchingRun } from "../services/matching.js";
import { alertCoordinatorsOfHelp, matchClosedJob, sendClosureSurveys } from "../services/relationship-emails.js";
import { releaseReminderClaim } from "../services/reminder-delivery.js";
import { enqueueTenantScans, scanTenantReminders } from "../services/reminders-scan.js";
import { localToday } from "../services/forms.js";
import { tenantOrigin } from "../services/relationship-emails.js";
import { notifyExpiredScreenings } from "../services/screening.js";
import { sweepSelfMatch, SWEEP_LOOKBACK_DAYS } from "../services/self-match.js";

/** What a job may use: the database, email, the validated config, and the queue for follow-up jobs. */
export interface JobContext {
  db: Database;
  mailer: Mailer;
  config: AppConfig;
  jobs: Queue<JobMessage>;
}

export type JobHandler = (context: JobContext, payload: Record<string, unknown>, now: Date, key: string) => Promise<void>;

/**
 * Reminder emails are not handled one job at a time: the consumer sends a
 * batch's together (services/reminder-delivery.ts), exactly once by their own
 * ledger rather than by the job ledger.
 */
export type BatchedJobKind = "reminders.deliver";
export type SingleJobKind = Exclude<JobKind, BatchedJobKind>;

/** The tenant a job belongs to; null when it was deleted since (the job then has nothing left to do). */
async function tenantDataFor(db: Database, tenantId: string, kind: JobKind): Promise<TenantData | null> {
  const tenant = await findTenantById(db, tenantId);
  if (!tenant) log("warn", "job for a tenant that no longer exists", { kind, tenantId });
  return tenant ? new TenantData(tenant, db) : null;
}

export const jobHandlers: Record<SingleJobKind, JobHandler> = {
  /** Keeps the job ledgers and expired rate-limit counters from growing forever. */
  "maintenance.prune_job_ledger": async ({ db }, payload, now) => {
    const { processedBefore, failedBefore } = v.parse(PrunePayloadSchema, payload);
    await pruneJobLedgers(db, new Date(processedBefore), new Date(failedBefore));
    await pruneRateLimitCounters(db, now);
  },
  "matching.run": async ({ db }, payload) => {
    const { tenantId, runId } = v.parse(MatchingRunPayloadSchema, payload);
    const tenantData = await tenantDataFor(db, tenantId, "matching.run");
    if (tenantData) await completeMatchingRun(tenantData, runId);
  },
  "match.introduce": async ({ db, mailer, config }, payload, _now, key) => {
    const { tenantId, matchId, origin } = v.parse(MatchIntroductionPayloadSchema, payload);
    const tenantData = await tenantDataFor(db, tenantId, "match.introduce");
    if (tenantData) await sendMatchIntroduction({ tenantData, mailer, config, ...(origin ? { origin } : {}), jobKey: key }, matchId);
  },
  "consent.request": async ({ db, mailer }, payload) => {
    const { tenantId, applicationId, origin } = v.parse(ConsentRequestPayloadSchema, payload);
    const tenantData = await tenantDataFor(db, tenantId, "consent.request");
    if (tenantData) await emailConsentRequest({ tenantData, mailer, origin }, applicationId);
  },
  /**
   * Re-enqueues introductions and closure surveys whose job never ran (lost between a commit and the
   * queue); the job's own key keeps one that did run from sending twice.
   */
  "match.introduction_sweep": async ({ db, jobs }, payload) => {
    const now = v.parse(IntroductionSweepPayloadSchema, payload).now;
    const [since, before] = [new Date(now - INTRODUCTION_LOOKBACK_DAYS * 86_400_000), new Date(now - INTRODUCTION_GRACE_MINUTES * 60_000)];
    const [unintroduced, unsurveyed] = await Promise.all([matchesNeverIntroduced(db, since, before), matchesClosedWithoutSurveys(db, since, before)]);
    const redo: JobMessage[] = [
      ...unintroduced.map(({ tenantId, matchId }): JobMessage => ({ kind: "match.introduce", key: `match.introduce:${matchId}`, payload: { tenantId, matchId }, enqueuedAt: now })),
      ...unsurveyed.map(({ tenantId, matchId }) => matchClosedJob(tenantId, matchId, now)),
    ];
    for (const batch of inSendBatches(redo)) await jobs.sendBatch(batch.map((body) => ({ body, contentType: "json" as const })));
    if (redo.length > 0) log("warn", "lost match emails redone", { introductions: unintroduced.length, closureSurveys: unsurveyed.length });
  },
  /** Overdue self-match requests lapse, and unresponsive mentors are paused, at the tick's time. */
  "self_match.sweep": async ({ db, mailer, config }, payload) => {
    const now = new Date(v.parse(SelfMatchSweepPayloadSchema, payload).now);
    const since = new Date(now.getTime() - SWEEP_LOOKBACK_DAYS * 86_400_000);
    let failure: unknown = null;
    for (const tenantId of await tenantsWithOverdueRequests(db, since, now)) {
      const tenantData = await tenantDataFor(db, tenantId, "self_match.sweep");
      if (!tenantData) continue;
      // One institution's failure does not hold back the others; the retry redoes only what is left.
      try {
        await sweepSelfMatch({ tenantData, mailer, config }, now);
      } catch (error) {
        log("warn", "self-match sweep failed for an institution", { tenantId, error: describeError(error) });
        failure ??= error;
      }
    }
    if (failure) throw failure;
  },
  /** Every tick: one scan per institution that may have reminders due. */
  "reminders.scan": async ({ db, jobs }, payload) => {
    await enqueueTenantScans(db, jobs, v.parse(RemindersScanPayloadSchema, payload).now);
  },
  /** One institution: what is due, planned into emails, each enqueued as `reminders.deliver`. */
  "reminders.scan_tenant": async ({ db, jobs }, payload) => {
    const { tenantId, now } = v.parse(RemindersScanTenantPayloadSchema, payload);
    const tenantData = await tenantDataFor(db, tenantId, "reminders.scan_tenant");
    if (tenantData) await scanTenantReminders({ tenantData, jobs }, now);
  },
  "match.closed": async ({ db, mailer, config }, payload) => {
    const { tenantId, matchId } = v.parse(MatchClosedPayloadSchema, payload);
    const tenantData = await tenantDataFor(db, tenantId, "match.closed");
    if (tenantData) await sendClosureSurveys({ tenantData, mailer, config }, matchId);
  },
  /** Expired background checks: the mentors leave matching (readiness is computed), and coordinators are told once per expiry. */
  "screening.expiry_sweep": async ({ db, mailer, config }, payload) => {
    const now = new Date(v.parse(ScreeningExpirySweepPayloadSchema, payload).now);
    let failure: unknown = null;
    for (const tenantId of await tenantsWithExpiredScreenings(db, new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10))) {
      const tenantData = await tenantDataFor(db, tenantId, "screening.expiry_sweep");
      if (!tenantData) continue;
      try {
        await notifyExpiredScreenings(tenantData, mailer, tenantOrigin(config, tenantData.tenant.slug) ?? "", localToday(tenantData.tenant.timezone, now));
      } catch (error) {
        log("warn", "screening expiry sweep failed for an institution", { tenantId, error: describeError(error) });
        failure ??= error;
      }
    }
    if (failure) throw failure;
  },
  "checkin.help_alert": async ({ db, mailer, config }, payload) => {
    const { tenantId, checkinId } = v.parse(CheckinHelpAlertPayloadSchema, payload);
    const tenantData = await tenantDataFor(db, tenantId, "checkin.help_alert");
    if (tenantData) await alertCoordinatorsOfHelp({ tenantData, mailer, config }, checkinId);
  },
};

/**
 * What a job that exhausted its retries leaves behind for people to see:
 * a matching run the queue could not solve is marked failed, not left "running" forever;
 * a reminder email that could not be sent releases its claim, so the next scan plans it again.
 */
export async function giveUp(db: Database, job: JobMessage): Promise<void> {
  if (job.kind === "reminders.deliver") {
    await releaseReminderClaim(db, job.payload);
    return;
  }
  if (job.kind !== "matching.run") return;
  const parsed = v.safeParse(MatchingRunPayloadSchema, job.payload);
  if (!parsed.success) return;
  const tenantData = await tenantDataFor(db, parsed.output.tenantId, job.kind);
  if (tenantData) await failMatchingRun(tenantData, parsed.output.runId, "The run could not be completed after several attempts (it may be too large, or the service had a problem). Try again; if it fails again, contact support.");
}
