/** The cron tick: enqueue whatever is due, in one `sendBatch`. */
import { planCronJobs } from "@tandem/jobs";
import type { Env } from "../env.js";
import { log } from "../log.js";

export async function runScheduled(controller: ScheduledController, env: Env): Promise<number> {
  const jobs = planCronJobs(controller.scheduledTime);
  if (jobs.length > 0) await env.JOBS.sendBatch(jobs.map((body) => ({ body, contentType: "json" as const })));
  log("info", "cron tick", { cron: controller.cron, scheduledTime: new Date(controller.scheduledTime).toISOString(), enqueued: jobs.length });
  return jobs.length;
}
