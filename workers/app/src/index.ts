/** The Worker's three entry points: HTTP, the job queues, and the cron trigger. */
import { createApp } from "./app.js";
import type { Env } from "./env.js";
import { consumeDeadLetters, consumeJobs } from "./jobs/consumer.js";
import { runScheduled } from "./jobs/scheduled.js";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch, env, _ctx) {
    // Dead-letter queues are named after their source queue with a `-dlq` suffix.
    if (batch.queue.endsWith("-dlq")) await consumeDeadLetters(batch, env);
    else await consumeJobs(batch, env);
  },
  async scheduled(controller, env, _ctx) {
    await runScheduled(controller, env);
  },
} satisfies ExportedHandler<Env, unknown>;
