/**
 * Reminders through a database outage (issue #6, "Done when"): the libSQL
 * server is stopped during the consumer's run, before the batch and between
 * claiming the emails and recording them as sent. The messages are retried,
 * not acked; once the server is back, redelivery sends every email exactly
 * once. Runs against the restartable server of the global setup, its own database.
 */
import { inject, describe, expect, it, vi, afterEach, beforeAll } from "vitest";
import {
  again,
  at,
  cronTick,
  databaseAt,
  institution,
  ledgerOf,
  outboxOf,
  pair,
  payloadOf,
  perRecipient,
  program,
  runQueue,
} from "./fixtures/reminders.js";

const url = inject("restartableDbUrl");
const control = inject("restartableDbControlUrl");
const provider = inject("emailProviderUrl");
const db = databaseAt(url);
const onRestartable = { LIBSQL_URL: url };
const realFetch = globalThis.fetch;

async function database(action: "stop" | "start") {
  const response = await realFetch(`${control}/${action}`, { method: "POST" });
  expect(response.status).toBe(200);
}

afterEach(async () => {
  vi.restoreAllMocks();
  await database("start");
});

beforeAll(async () => {
  await database("start");
});

describe("the database stops during a consumer run", () => {
  it("retries every message while it is down, and sends each email once when it is back", async () => {
    const tenant = await institution(db, "America/Los_Angeles");
    const peers = await program(db, tenant.id);
    const pairs = [
      await pair(db, tenant.id, peers.id, { startedAt: at("2031-02-20T18:00:00Z"), acknowledged: true }),
      await pair(db, tenant.id, peers.id, { startedAt: at("2031-02-21T18:00:00Z"), acknowledged: true, mentor: "Omar", mentee: "Lena" }),
    ];
    const deliveries = await cronTick(at("2031-03-16T17:00:00Z"), [tenant.id], onRestartable);
    expect(deliveries).toHaveLength(4);

    await database("stop");
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await runQueue(deliveries, onRestartable)).toEqual({ acked: [], retried: deliveries.map((message) => message.id).sort() });

    await database("start");
    expect(await runQueue(again(deliveries), onRestartable)).toEqual({ acked: deliveries.map((message) => message.id).sort(), retried: [] });
    expect(await runQueue(again(again(deliveries)), onRestartable)).toEqual({ acked: deliveries.map((message) => message.id).sort(), retried: [] });
    const everyone = pairs.flatMap(({ mentor, mentee }) => [mentor.email, mentee.email]);
    expect(perRecipient(await outboxOf(db, tenant.id))).toEqual(Object.fromEntries(everyone.map((email) => [email, 1])));
  });

  it("after the emails are claimed and sent but before they are recorded: the retry resends under the same idempotency key, and the outbox has each once", async () => {
    const resend = { ...onRestartable, EMAIL_PROVIDER: "resend", RESEND_API_KEY: "re_test_outage", RESEND_API_URL: provider };
    const tenant = await institution(db, "Pacific/Auckland");
    const peers = await program(db, tenant.id);
    const { mentor, mentee } = await pair(db, tenant.id, peers.id, { startedAt: at("2031-02-20T00:00:00Z"), acknowledged: true, mentor: "Aroha", mentee: "Nikau" });
    // 09:00 on Tuesday 17 March in Auckland.
    const deliveries = await cronTick(at("2031-03-16T20:00:00Z"), [tenant.id], resend);
    expect(deliveries).toHaveLength(2);

    // The database goes away the moment the first email reaches the provider: after the claim, before the record.
    let stopped = false;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const target = input instanceof Request ? input.url : String(input);
      if (target.startsWith(provider) && !stopped) {
        stopped = true;
        await database("stop");
      }
      return realFetch(input, init);
    });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await runQueue(deliveries, resend)).toEqual({ acked: [], retried: deliveries.map((message) => message.id).sort() });
    expect(stopped).toBe(true);

    await database("start");
    // Claimed by these messages, not recorded as sent, nothing in the outbox yet.
    expect((await ledgerOf(db, tenant.id)).map((row) => row.status)).toEqual(["sending", "sending", "sending", "sending"]);
    expect(await outboxOf(db, tenant.id)).toEqual([]);

    expect(await runQueue(again(deliveries), resend)).toEqual({ acked: deliveries.map((message) => message.id).sort(), retried: [] });
    expect(perRecipient(await outboxOf(db, tenant.id))).toEqual({ [mentor.email]: 1, [mentee.email]: 1 });
    expect((await ledgerOf(db, tenant.id)).map((row) => [row.status, row.attempts])).toEqual([
      ["sent", 2],
      ["sent", 2],
      ["sent", 2],
      ["sent", 2],
    ]);
    // The provider saw each email twice, both times under the same key, so it delivers it once.
    const sent = (await (await realFetch(`${provider}/sent`)).json()) as { message: { to: string[] }; idempotencyKey?: string }[];
    for (const message of deliveries) {
      const { recipient, digestKey } = payloadOf(message);
      expect(sent.filter((entry) => entry.message.to[0] === recipient.email).map((entry) => entry.idempotencyKey)).toEqual([`${tenant.id}:${digestKey}`, `${tenant.id}:${digestKey}`]);
    }
  });
});
