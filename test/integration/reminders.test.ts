/**
 * Reminders, end to end in workerd (issue #6): the real `scheduled` handler
 * enqueues the scan, the real `queue` handler runs it and then delivers the
 * emails it planned, into the outbox. Delivery is at least once, so the tests
 * redeliver batches, run two cron ticks over the same window, make the
 * provider refuse one email part-way, and dead-letter it: every due reminder
 * still reaches its person exactly once. A retry that comes back at night is
 * dropped when it surely did not go (the next day keeps its one email) and held
 * for the morning when it may have gone. Quiet hours and the daily cap are
 * checked for an institution in Auckland and one in Los Angeles on the same
 * UTC ticks; unsubscribing (one-click, from a mail provider) stops the next send.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, getTableName } from "drizzle-orm";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { schema } from "@tandem/db";
import { SUPPORT_POLICIES } from "@tandem/relationships";
import { MONITORED_PARTIES } from "@tandem/safeguarding";
import { loadConfig } from "../../workers/app/src/config.js";
import { TenantData } from "../../workers/app/src/data/tenant-data.js";
import { createMailer } from "../../workers/app/src/email/mailer.js";
import { deliverReminderBatch } from "../../workers/app/src/services/reminder-delivery.js";
import { readCheckinLink, readPortalToken } from "../../workers/app/src/services/signed-links.js";
import worker from "../../workers/app/src/index.js";
import { inviteAndAccept, signUpAndSignIn, userIdOf } from "./agent.js";
import { testDatabase } from "./factories.js";
import {
  again,
  asMessages,
  at,
  cronTick,
  institution,
  ledgerOf,
  linksIn,
  outboxOf,
  pair,
  payloadOf,
  perRecipient,
  person,
  program,
  type QueuedMessage,
  runQueue,
} from "./fixtures/reminders.js";

const db = testDatabase();
afterEach(() => vi.restoreAllMocks());

const LA = "America/Los_Angeles";
const AUCKLAND = "Pacific/Auckland";
/** Monday 16 March 2031, 10:00 in Los Angeles (PDT), 06:00 on Tuesday in Auckland (NZDT). */
const T1 = at("2031-03-16T17:00:00Z");

const kindsOf = (message: Parameters<typeof payloadOf>[0]) => payloadOf(message).items.map((item) => item.kind);

describe("cron → queue → outbox", () => {
  it("sends each due person one email with one-click check-in answers, their portal, and List-Unsubscribe", async () => {
    const tenant = await institution(db, LA);
    const peers = await program(db, tenant.id, { name: "Peer <Mentoring>" });
    // Matched before the program began: the check-in clock starts on its first day (1 March).
    const { matchId, mentor, mentee } = await pair(db, tenant.id, peers.id, { startedAt: at("2031-02-20T18:00:00Z") });

    const deliveries = await cronTick(T1, [tenant.id]);
    expect(deliveries.map((message) => [payloadOf(message).recipient.personId, kindsOf(message)]).sort()).toEqual(
      [
        [mentor.id, ["checkin.due", "agreement.unacknowledged"]],
        [mentee.id, ["checkin.due", "agreement.unacknowledged"]],
      ].sort(),
    );
    // The check-in window opened 14 days after 1 March, local time: that date names the period.
    expect(payloadOf(deliveries[0]!).items[0]!.dedupeKey).toMatch(/^checkin\.due:match:[^:]+:(mentor|mentee):[^:]+:2031-03-15$/);

    expect(await runQueue(deliveries)).toEqual({ acked: deliveries.map((message) => message.id).sort(), retried: [] });
    const outbox = await outboxOf(db, tenant.id);
    expect(perRecipient(outbox)).toEqual({ [mentor.email]: 1, [mentee.email]: 1 });

    const email = outbox.find((row) => row.to === mentee.email)!;
    expect(email.kind).toBe("reminder.digest");
    expect(email.subject).toBe("2 things for your mentoring today — Peer <Mentoring>");
    // User text is escaped in the HTML part.
    expect(email.html).toContain("Peer &lt;Mentoring&gt;");
    expect(email.html).not.toContain("Peer <Mentoring>");
    expect(email.text).toContain("Hi Sam,");
    expect(email.text).toContain("You get this email because you are a mentee in Peer <Mentoring>");
    const origin = `https://${tenant.slug}.tandem.app`;
    expect(email.headers).toEqual({
      "List-Unsubscribe": expect.stringMatching(new RegExp(`^<${origin}/api/v1/t/${tenant.slug}/unsubscribe\\?token=[^>]+>$`)),
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });

    // Seven one-click answers, each a valid signed link for this match and this person, sharing one link id.
    const links = linksIn(email);
    const answers = links.filter((link) => link.startsWith(`${origin}/checkin?t=${tenant.slug}&link=`));
    expect(answers).toHaveLength(7);
    const parsed = await Promise.all(answers.map((link) => readCheckinLink(env.AUTH_SECRET, new URL(link).searchParams.get("link")!, T1.getTime())));
    expect(parsed.map((result) => (result.ok ? [result.payload.answer, "minutes" in result.payload ? result.payload.minutes : null] : result.reason))).toEqual([
      ["met", 15],
      ["met", 30],
      ["met", 45],
      ["met", 60],
      ["met", 90],
      ["not_yet", null],
      ["need_help", null],
    ]);
    const payloads = parsed.map((result) => (result.ok ? result.payload : null));
    expect(new Set(payloads.map((payload) => payload?.linkId)).size).toBe(1);
    expect(payloads.every((payload) => payload?.tenantId === tenant.id && payload.matchId === matchId && payload.personId === mentee.id)).toBe(true);
    // "Log the meeting in full": the person's portal, signed for this match.
    const portal = links.find((link) => link.startsWith(`${origin}/portal?t=${tenant.slug}&token=`))!;
    expect(await readPortalToken(env.AUTH_SECRET, new URL(portal).searchParams.get("token")!, T1.getTime())).toMatchObject({ ok: true, grant: { tenantId: tenant.id, matchId, applicationId: mentee.id } });
    // A "stop" link per kind in the email, and one for all reminders.
    expect(email.text).toMatch(new RegExp(`Stop check-in reminders: ${origin}/unsubscribe\\?t=${tenant.slug}&token=`));
    expect(email.text).toMatch(/Stop agreement reminders: /);
    expect(email.text).toMatch(/Stop all reminders: /);

    // The ledger: one sent email row per person for that local day, and one row per reminder it carried.
    const ledger = await ledgerOf(db, tenant.id);
    expect(ledger.filter((row) => row.kind === "digest").map((row) => [row.recipientId, row.period, row.status, row.email]).sort()).toEqual(
      [
        [mentor.id, "2031-03-16", "sent", mentor.email],
        [mentee.id, "2031-03-16", "sent", mentee.email],
      ].sort(),
    );
    expect(ledger.filter((row) => row.kind !== "digest")).toHaveLength(4);
    expect(ledger.every((row) => row.status === "sent" && row.reason.length > 10)).toBe(true);

    // The queue delivers the same batch again: nothing more is sent.
    expect(await runQueue(again(deliveries))).toEqual({ acked: deliveries.map((message) => message.id).sort(), retried: [] });
    expect(await outboxOf(db, tenant.id)).toHaveLength(2);

    // The next tick finds the same reminders already sent.
    expect(await cronTick(new Date(T1.getTime() + 15 * 60_000), [tenant.id])).toEqual([]);
  });

  it("two cron runs over the same window leave one email per person", async () => {
    const tenant = await institution(db, LA);
    const peers = await program(db, tenant.id);
    const { mentor, mentee } = await pair(db, tenant.id, peers.id, { startedAt: at("2031-02-20T18:00:00Z"), acknowledged: true });
    const tick = at("2031-03-16T17:30:00Z");

    // Two ticks plan before either's emails are delivered (an overlapping run), and a third repeats the first tick.
    const first = await cronTick(tick, [tenant.id], {}, { exactTime: true });
    const second = await cronTick(new Date(tick.getTime() + 15 * 60_000), [tenant.id]);
    expect(await cronTick(tick, [tenant.id], {}, { exactTime: true })).toEqual([]);
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(2);
    expect(second.map((message) => payloadOf(message).claimToken)).not.toEqual(first.map((message) => payloadOf(message).claimToken));

    // Delivered interleaved in one batch, then each batch again.
    const both = [second[0]!, first[0]!, first[1]!, second[1]!];
    expect((await runQueue(both)).acked).toHaveLength(4);
    expect((await runQueue(again(first))).acked).toHaveLength(2);
    expect((await runQueue(again(second))).acked).toHaveLength(2);
    expect(perRecipient(await outboxOf(db, tenant.id))).toEqual({ [mentor.email]: 1, [mentee.email]: 1 });
    const ledger = await ledgerOf(db, tenant.id);
    expect(ledger.filter((row) => row.kind === "checkin.due").map((row) => row.status)).toEqual(["sent", "sent"]);
  });
});

describe("the daily health snapshot the scan records", () => {
  /** Makes reads (`find`) or inserts of `program_health_snapshots` fail, as before its migration; other tables as usual. */
  const failSnapshots = (method: "find" | "insert") => {
    const original = TenantData.prototype[method] as (...args: unknown[]) => unknown;
    return vi.spyOn(TenantData.prototype, method).mockImplementation(function (this: TenantData, ...args: unknown[]) {
      if (getTableName(args[0] as Parameters<typeof getTableName>[0]) === "program_health_snapshots") {
        const error = new Error("SQLITE_ERROR: no such table: program_health_snapshots");
        if (method === "find") return Promise.reject(error);
        throw error;
      }
      return original.apply(this, args);
    } as never);
  };
  const snapshotsOf = (programId: string) => db.select().from(schema.programHealthSnapshots).where(eq(schema.programHealthSnapshots.programId, programId));

  it("is best effort: when its read or its write fails, the scan still plans the day's reminders, and a later tick records it", async () => {
    for (const failing of ["find", "insert"] as const) {
      const tenant = await institution(db, LA);
      const peers = await program(db, tenant.id);
      const { mentor, mentee } = await pair(db, tenant.id, peers.id, { startedAt: at("2031-02-20T18:00:00Z") });
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const failure = failSnapshots(failing);

      const deliveries = await cronTick(T1, [tenant.id]);
      expect(deliveries.map((message) => payloadOf(message).recipient.personId).sort(), failing).toEqual([mentor.id, mentee.id].sort());
      expect(failure, failing).toHaveBeenCalled();
      const warnings = warn.mock.calls.map(([line]) => JSON.parse(String(line)) as { message: string; tenantId?: string; error?: { message: string } });
      expect(warnings.filter((line) => line.tenantId === tenant.id), failing).toEqual([
        expect.objectContaining({ message: "program health snapshot not recorded", error: expect.objectContaining({ message: expect.stringContaining("no such table") }) }),
      ]);
      expect(await snapshotsOf(peers.id), failing).toEqual([]);

      // Once the table answers, the day's next tick records the row.
      vi.restoreAllMocks();
      await cronTick(new Date(T1.getTime() + 15 * 60_000), [tenant.id]);
      expect((await snapshotsOf(peers.id)).map((row) => row.day), failing).toEqual(["2031-03-16"]);
    }
  });
});

describe("a consumer that fails part-way", () => {
  const provider = inject("emailProviderUrl");
  const resend = { EMAIL_PROVIDER: "resend", RESEND_API_KEY: "re_test_reminders", RESEND_API_URL: provider };
  const sentTo = async (address: string) =>
    ((await (await fetch(`${provider}/sent`)).json()) as { message: { to: string[]; headers?: Record<string, string> }; idempotencyKey?: string }[]).filter((entry) => entry.message.to[0] === address);

  it("retries the email the provider refused, sends the others once, and after the last retry plans it again", async () => {
    const tenant = await institution(db, LA);
    const peers = await program(db, tenant.id);
    const refused = `refuse@${crypto.randomUUID().slice(0, 8)}.example.test`;
    const pairs = [
      await pair(db, tenant.id, peers.id, { startedAt: at("2031-02-20T18:00:00Z"), acknowledged: true }),
      await pair(db, tenant.id, peers.id, { startedAt: at("2031-02-21T18:00:00Z"), acknowledged: true, mentor: "Omar", mentee: "Lena" }),
      await pair(db, tenant.id, peers.id, { startedAt: at("2031-02-22T18:00:00Z"), acknowledged: true, mentor: "Ines", mentee: await person(db, tenant.id, peers.id, "mentee", "Refus", refused) }),
    ];
    const deliveries = await cronTick(T1, [tenant.id], resend);
    expect(deliveries).toHaveLength(6);
    const refusedMessage = deliveries.find((message) => payloadOf(message).recipient.email === refused)!;
    const others = deliveries.filter((message) => message !== refusedMessage).map((message) => message.id).sort();

    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await runQueue(deliveries, resend)).toEqual({ acked: others, retried: [refusedMessage.id] });
    expect(await outboxOf(db, tenant.id)).toHaveLength(5);
    // The provider was asked with the email's idempotency key, and got the List-Unsubscribe headers to send.
    const [toMaya] = await sentTo(pairs[0]!.mentor.email);
    expect(toMaya).toMatchObject({ idempotencyKey: `${tenant.id}:${payloadOf(deliveries.find((message) => payloadOf(message).recipient.personId === pairs[0]!.mentor.id)!).digestKey}` });
    expect(toMaya!.message.headers).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });

    // The whole batch comes again (the queue redelivers what it was not told about): only the refused one is tried again.
    expect(await runQueue(again(deliveries), resend)).toEqual({ acked: others, retried: [refusedMessage.id] });
    expect(await outboxOf(db, tenant.id)).toHaveLength(5);
    expect(await sentTo(pairs[0]!.mentor.email)).toHaveLength(1);
    expect(await sentTo(refused)).toHaveLength(2);
    // Refused, so surely not sent: its claim is released each time, and holds neither the reminder nor the person's day.
    expect(await ledgerOf(db, tenant.id, pairs[2]!.mentee.id)).toEqual([]);

    // After its last retry the queue dead-letters it: recorded for the console, its claim released.
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await runQueue([{ ...refusedMessage, attempts: 6 }], {}, "tandem-jobs-dlq")).toEqual({ acked: [refusedMessage.id], retried: [] });
    const [failed] = await db.select().from(schema.failedJobs).where(eq(schema.failedJobs.id, refusedMessage.id));
    expect(failed).toMatchObject({ kind: "reminders.deliver", tenantId: tenant.id, attempts: 6 });
    expect(await ledgerOf(db, tenant.id, pairs[2]!.mentee.id)).toEqual([]);

    // The person fixes their address; the next tick plans the same reminder again, and it goes.
    const fixed = `lena-fixed-${crypto.randomUUID().slice(0, 6)}@example.test`;
    await db.update(schema.applications).set({ email: fixed }).where(eq(schema.applications.id, pairs[2]!.mentee.id));
    const replanned = await cronTick(new Date(T1.getTime() + 15 * 60_000), [tenant.id], resend);
    expect(replanned.map((message) => [payloadOf(message).recipient.email, payloadOf(message).items.map((item) => item.dedupeKey)])).toEqual([[fixed, payloadOf(refusedMessage).items.map((item) => item.dedupeKey)]]);
    expect((await runQueue(replanned, resend)).acked).toHaveLength(1);
    expect(Object.values(perRecipient(await outboxOf(db, tenant.id)))).toEqual([1, 1, 1, 1, 1, 1]);
  });

  /** The Worker's consumer, at a chosen time: what the queue handler does with `Date.now()`. */
  const deliverAt = async (messages: readonly QueuedMessage[], now: Date) => {
    const config = loadConfig({ ...env, ...resend });
    const outcomes = await deliverReminderBatch({ db, config, mailer: createMailer(config, db) }, messages.map((message) => ({ id: message.id, attempts: message.attempts, payload: message.body.payload })), now.getTime());
    return messages.map((message) => outcomes.get(message.id));
  };
  /** The provider is down (HTTP 503, or no answer at all) while `state.down` is set. */
  const providerOutage = (failure: "refuses" | "unreachable") => {
    const state = { down: true };
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (state.down && url.startsWith(provider)) {
        if (failure === "unreachable") throw new TypeError("fetch failed");
        return new Response('{"message":"unavailable"}', { status: 503 });
      }
      return realFetch(input, init);
    });
    return state;
  };

  it("drops a refused email's retry that comes back at night, so the next day still brings one email, with everything", async () => {
    const tenant = await institution(db, LA);
    const peers = await program(db, tenant.id);
    // Maya mentors Sam since February (a check-in is due) and Ben since Saturday 14 March, 08:00 PDT (his agreement falls due on Tuesday, 08:00).
    const first = await pair(db, tenant.id, peers.id, { startedAt: at("2031-02-20T18:00:00Z"), acknowledged: true });
    await pair(db, tenant.id, peers.id, { startedAt: at("2031-03-14T15:00:00Z"), mentor: first.mentor, mentee: "Ben" });

    // Monday 20:45 in Los Angeles: Maya's check-in reminder is planned; the provider is down.
    const evening = (await cronTick(at("2031-03-17T03:45:00Z"), [tenant.id], resend)).filter((message) => payloadOf(message).recipient.personId === first.mentor.id);
    expect(evening.map(kindsOf)).toEqual([["checkin.due"]]);
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const outage = providerOutage("refuses");
    expect(await deliverAt(evening, at("2031-03-17T03:46:00Z"))).toEqual([expect.objectContaining({ action: "retry" })]);
    expect(await ledgerOf(db, tenant.id, first.mentor.id)).toEqual([]);

    // Its retry comes back at 21:10, in quiet hours: dropped (not held for the morning under Monday's digest key).
    expect(await deliverAt(again(evening), at("2031-03-17T04:10:00Z"))).toEqual([{ action: "ack", result: "replanned" }]);
    outage.down = false;

    // Tuesday 08:15: the check-in reminder, still due, and Ben's agreement go in Maya's one email of the day.
    const morning = (await cronTick(at("2031-03-17T15:15:00Z"), [tenant.id], resend)).filter((message) => payloadOf(message).recipient.personId === first.mentor.id);
    expect(morning.map(kindsOf)).toEqual([["checkin.due", "agreement.unacknowledged"]]);
    expect(await deliverAt(morning, at("2031-03-17T15:16:00Z"))).toEqual([{ action: "ack", result: "sent" }]);
    // Even if the queue brought the dropped message once more, it has nothing left to send.
    expect(await deliverAt(again(again(evening)), at("2031-03-17T15:20:00Z"))).toEqual([{ action: "ack", result: "nothing_left" }]);

    expect((await outboxOf(db, tenant.id)).filter((row) => row.to === first.mentor.email).map((row) => row.kind)).toEqual(["reminder.digest"]);
    expect((await ledgerOf(db, tenant.id, first.mentor.id)).filter((row) => row.kind === "digest").map((row) => [row.period, row.status])).toEqual([["2031-03-17", "sent"]]);
  });

  it("holds a retry at night that may have gone (the provider did not answer) until 08:00, then resends it under the same key", async () => {
    const tenant = await institution(db, LA);
    const peers = await program(db, tenant.id);
    const { mentor } = await pair(db, tenant.id, peers.id, { startedAt: at("2031-02-20T18:00:00Z"), acknowledged: true });
    const evening = (await cronTick(at("2031-03-17T03:45:00Z"), [tenant.id], resend)).filter((message) => payloadOf(message).recipient.personId === mentor.id);
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const outage = providerOutage("unreachable");
    expect(await deliverAt(evening, at("2031-03-17T03:46:00Z"))).toEqual([expect.objectContaining({ action: "retry" })]);
    // It may have reached the provider: the claim stays.
    expect((await ledgerOf(db, tenant.id, mentor.id)).map((row) => row.status)).toEqual(["sending", "sending"]);

    // Back at 21:10: waits until 08:00 Tuesday (10 h 50 min), sending nothing meanwhile.
    expect(await deliverAt(again(evening), at("2031-03-17T04:10:00Z"))).toEqual([{ action: "retry", delaySeconds: 39_000, reason: "quiet hours" }]);
    expect(await outboxOf(db, tenant.id)).toEqual([]);
    outage.down = false;

    // The morning's scan finds the reminder claimed; the held email goes, under Monday's key, once.
    expect(await cronTick(at("2031-03-17T15:00:00Z"), [tenant.id], resend).then((messages) => messages.filter((message) => payloadOf(message).recipient.personId === mentor.id))).toEqual([]);
    expect(await deliverAt(again(again(evening)), at("2031-03-17T15:00:30Z"))).toEqual([{ action: "ack", result: "sent" }]);
    expect(await sentTo(mentor.email)).toEqual([expect.objectContaining({ idempotencyKey: `${tenant.id}:${payloadOf(evening[0]!).digestKey}` })]);
    expect(perRecipient(await outboxOf(db, tenant.id))[mentor.email]).toBe(1);
  });
});

describe("quiet hours and the daily cap, in Auckland and Los Angeles on the same UTC ticks", () => {
  it("sends each person at most one email a day, never at night, and the rest the next morning", async () => {
    const la = await institution(db, LA);
    const laPeers = await program(db, la.id);
    // Maya mentors two: Sam since February, and Ben from Thursday 13 March, 11:30 PDT.
    const first = await pair(db, la.id, laPeers.id, { startedAt: at("2031-02-20T18:00:00Z"), acknowledged: true });
    const second = await pair(db, la.id, laPeers.id, { startedAt: at("2031-03-13T18:30:00Z"), mentor: first.mentor, mentee: "Ben" });
    const akl = await institution(db, AUCKLAND);
    const aklPeers = await program(db, akl.id);
    const kiwi = await pair(db, akl.id, aklPeers.id, { startedAt: at("2031-02-20T00:00:00Z"), mentor: "Aroha", mentee: "Nikau" });
    const tenants = [la.id, akl.id];
    const planned = (messages: Awaited<ReturnType<typeof cronTick>>) => messages.map((message) => [payloadOf(message).recipient.personId, kindsOf(message).join("+")]).sort();

    // T1: 10:00 Monday in LA; 06:00 Tuesday in Auckland, still quiet.
    const t1 = await cronTick(T1, tenants);
    expect(planned(t1)).toEqual(
      [
        [first.mentor.id, "checkin.due"],
        [first.mentee.id, "checkin.due"],
      ].sort(),
    );
    await runQueue(t1);

    // T2, three hours later: 13:00 in LA, where Ben's agreement fell due at 11:30, but Maya had her email today;
    // 09:00 in Auckland, where the morning's email goes.
    const t2 = await cronTick(at("2031-03-16T20:00:00Z"), tenants);
    expect(planned(t2)).toEqual(
      [
        [second.mentee.id, "agreement.unacknowledged"],
        [kiwi.mentor.id, "checkin.due+agreement.unacknowledged"],
        [kiwi.mentee.id, "checkin.due+agreement.unacknowledged"],
      ].sort(),
    );
    await runQueue(t2);

    // T3: 21:30 in LA, quiet; 17:30 in Auckland, where both already had today's email.
    expect(await cronTick(at("2031-03-17T04:30:00Z"), tenants)).toEqual([]);

    // T4: 08:00 Tuesday in LA brings Maya the agreement she could not get yesterday; in Auckland (04:00 Wednesday) it is night.
    const t4 = await cronTick(at("2031-03-17T15:00:00Z"), tenants);
    expect(planned(t4)).toEqual([[first.mentor.id, "agreement.unacknowledged"]]);
    await runQueue(t4);

    expect(perRecipient(await outboxOf(db, la.id))).toEqual({ [first.mentor.email]: 2, [first.mentee.email]: 1, [second.mentee.email]: 1 });
    expect(perRecipient(await outboxOf(db, akl.id))).toEqual({ [kiwi.mentor.email]: 1, [kiwi.mentee.email]: 1 });
    // Each email used up its recipient's own local day.
    const name = new Map([
      [first.mentor.id, "Maya"],
      [first.mentee.id, "Sam"],
      [second.mentee.id, "Ben"],
      [kiwi.mentor.id, "Aroha"],
      [kiwi.mentee.id, "Nikau"],
    ]);
    const days = async (tenantId: string) => (await ledgerOf(db, tenantId)).filter((row) => row.kind === "digest").map((row) => `${name.get(row.recipientId)} ${row.period}`).sort();
    expect(await days(la.id)).toEqual(["Ben 2031-03-16", "Maya 2031-03-16", "Maya 2031-03-17", "Sam 2031-03-16"]);
    expect(await days(akl.id)).toEqual(["Aroha 2031-03-17", "Nikau 2031-03-17"]);
  });
});

describe("unsubscribing", () => {
  it("one click from a mail provider (no cookie, another origin) stops the next email; opening the link changes nothing", async () => {
    const tenant = await institution(db, LA);
    const peers = await program(db, tenant.id);
    const { mentor, mentee } = await pair(db, tenant.id, peers.id, { startedAt: at("2031-02-20T18:00:00Z"), acknowledged: true });
    await runQueue(await cronTick(T1, [tenant.id]));
    const email = (await outboxOf(db, tenant.id)).find((row) => row.to === mentee.email)!;
    const oneClick = email.headers!["List-Unsubscribe"]!.slice(1, -1);
    const path = new URL(oneClick).pathname + new URL(oneClick).search;

    const call = (method: string, init: RequestInit = {}) => worker.fetch(new Request(`https://tandem.test${path}`, { method, ...init }), env, createExecutionContext());
    // A mail client without one-click opens the URL in a browser: it is sent on to the page, which asks first.
    const opened = await call("GET", { headers: { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" } });
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toBe(`/unsubscribe?t=${tenant.slug}&token=${new URL(oneClick).searchParams.get("token")}`);
    // What the page shows first: nothing changes on GET.
    const view = await call("GET");
    expect(view.status).toBe(200);
    expect(await view.json()).toEqual({ kind: "all", kindLabel: "all reminders", institution: tenant.name, unsubscribed: false });

    // RFC 8058: the provider posts `List-Unsubscribe=One-Click`, from its own origin, without our cookies.
    const posted = await call("POST", { headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://mail.example" }, body: "List-Unsubscribe=One-Click" });
    expect(posted.status).toBe(200);
    expect(await posted.json()).toMatchObject({ kind: "all", unsubscribed: true });
    // A forged or foreign token is refused.
    const forged = await worker.fetch(new Request(`https://tandem.test/api/v1/t/${tenant.slug}/unsubscribe?token=${"u1~x".padEnd(60, "A")}.${"A".repeat(43)}`, { method: "POST" }), env, createExecutionContext());
    expect(forged.status).toBe(404);

    // 29 March: the next check-in window, and the first pulse survey opens. Only the mentor is planned.
    const next = await cronTick(at("2031-03-29T17:00:00Z"), [tenant.id]);
    expect(next.map((message) => [payloadOf(message).recipient.personId, kindsOf(message)])).toEqual([[mentor.id, ["checkin.due", "survey.open"]]]);

    // Honoured at once: the mentor stops check-in reminders after the plan, before the send; the survey still goes.
    const mentorEmail = (await outboxOf(db, tenant.id)).find((row) => row.to === mentor.email)!;
    const stopCheckins = linksIn(mentorEmail).find((link) => link.includes("/unsubscribe?") && mentorEmail.text.includes(`Stop check-in reminders: ${link}`))!;
    const token = new URL(stopCheckins).searchParams.get("token")!;
    const stopped = await worker.fetch(new Request(`https://tandem.test/api/v1/t/${tenant.slug}/unsubscribe?token=${encodeURIComponent(token)}`, { method: "POST", headers: { origin: "https://tandem.test" } }), env, createExecutionContext());
    expect(await stopped.json()).toMatchObject({ kind: "checkin.due", kindLabel: "check-in reminders", unsubscribed: true });
    expect(await runQueue(next)).toEqual({ acked: [next[0]!.id], retried: [] });
    const sent = (await outboxOf(db, tenant.id)).filter((row) => row.to === mentor.email);
    expect(sent.map((row) => row.kind).sort()).toEqual(["reminder.checkin.due", "reminder.survey.open"]);
    expect(linksIn(sent.find((row) => row.kind === "reminder.survey.open")!).some((link) => link.includes("/checkin?"))).toBe(false);
    expect((await ledgerOf(db, tenant.id, mentor.id)).filter((row) => row.period === "2031-03-29").map((row) => row.kind).sort()).toEqual(["digest", "survey.open"]);
    expect(perRecipient(await outboxOf(db, tenant.id))[mentee.email]).toBe(1);

    // Undo: check-in reminders come again, with the next day's email (today's is used up).
    const undone = await worker.fetch(
      new Request(`https://tandem.test/api/v1/t/${tenant.slug}/unsubscribe/resubscribe`, { method: "POST", headers: { origin: "https://tandem.test", "content-type": "application/json" }, body: JSON.stringify({ token }) }),
      env,
      createExecutionContext(),
    );
    expect(await undone.json()).toMatchObject({ kind: "checkin.due", unsubscribed: false });
    expect(await cronTick(at("2031-03-29T17:15:00Z"), [tenant.id])).toEqual([]);
    const nextDay = await cronTick(at("2031-03-30T16:00:00Z"), [tenant.id]);
    expect(nextDay.map((message) => [payloadOf(message).recipient.personId, kindsOf(message)])).toEqual([[mentor.id, ["checkin.due"]]]);
  });
});

describe("List-Unsubscribe", () => {
  it("is left out where the origin is not https (RFC 8058 requires it); the links in the body remain", async () => {
    const tenant = await institution(db, LA);
    const peers = await program(db, tenant.id);
    const { mentee } = await pair(db, tenant.id, peers.id, { startedAt: at("2031-02-20T18:00:00Z"), acknowledged: true });
    const development = { APP_ORIGIN: "http://localhost:8787" };
    await runQueue(await cronTick(T1, [tenant.id], development), development);
    const email = (await outboxOf(db, tenant.id)).find((row) => row.to === mentee.email)!;
    expect(email.headers).toBeNull();
    expect(email.text).toContain(`Stop all reminders: http://localhost:8787/unsubscribe?t=${tenant.slug}&token=`);
  });
});

describe("support contacts and the coordinators' log", () => {
  it("reminds the program's coordinator of overdue support contacts, and shows staff what was sent to whom and why", async () => {
    const { owner, slug } = await signUpAndSignIn();
    const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.slug, slug));
    await db.update(schema.tenants).set({ timezone: LA, brandColor: "#ffd400", logoUrl: "https://cdn.example/logo.png" }).where(eq(schema.tenants.id, tenant!.id));
    const peers = await program(db, tenant!.id, { name: "Peers" });
    const other = await program(db, tenant!.id, { name: "Other" });
    const { member: coordinator, email: coordinatorEmail } = await inviteAndAccept(owner, slug, "coordinator");
    const { member: outsider } = await inviteAndAccept(owner, slug, "coordinator");
    const coordinatorId = await userIdOf(coordinator);
    await db.insert(schema.programCoordinators).values([
      { tenantId: tenant!.id, programId: peers.id, userId: coordinatorId },
      { tenantId: tenant!.id, programId: other.id, userId: await userIdOf(outsider) },
    ]);
    const { matchId, mentor, mentee } = await pair(db, tenant!.id, peers.id, { startedAt: at("2031-02-20T18:00:00Z"), acknowledged: true });
    // A contact on 21 February: the next is due 30 days later.
    await db.insert(schema.supportContacts).values({ id: crypto.randomUUID(), tenantId: tenant!.id, matchId, userId: coordinatorId, contactedOn: "2031-02-21" });

    // 24 March: the pair's check-in is due, and their support contact (30 days after 21 February).
    const deliveries = await cronTick(at("2031-03-24T17:00:00Z"), [tenant!.id]);
    expect(deliveries.map((message) => [payloadOf(message).recipient.role, kindsOf(message).join("+")]).sort()).toEqual([
      ["coordinator", "support.overdue"],
      ["mentee", "checkin.due"],
      ["mentor", "checkin.due"],
    ]);
    await runQueue(deliveries);
    const toCoordinator = (await outboxOf(db, tenant!.id)).find((row) => row.to === coordinatorEmail)!;
    expect(toCoordinator.subject).toBe("Maya and Sam are due a support contact — Peers");
    expect(toCoordinator.text).toContain("last contact Friday, February 21, 2031");
    expect(linksIn(toCoordinator)).toContain(`https://${slug}.tandem.app/relationships.html?tenant=${slug}&program=${peers.slug}&match=${matchId}`);
    // Branded: the institution's logo and its (light) color, with dark text on the buttons.
    expect(toCoordinator.html).toContain('src="https://cdn.example/logo.png"');
    const toMentor = (await outboxOf(db, tenant!.id)).find((row) => row.to === mentor.email)!;
    expect(toMentor.html).toContain("background:#ffd400;color:#000");

    // The owner sees every email, newest first, with its reminders and why.
    const log = (await (await owner.get(`/api/v1/t/${slug}/reminders/deliveries`)).json()) as { deliveries: { recipient: { id: string; role: string; name: string | null }; status: string; program: { slug: string } | null; items: { kind: string; reason: string }[] }[] };
    expect(log.deliveries.map((delivery) => delivery.recipient.role).sort()).toEqual(["coordinator", "mentee", "mentor"]);
    const toSam = log.deliveries.find((delivery) => delivery.recipient.id === mentee.id)!;
    expect(toSam).toMatchObject({ status: "sent", program: { slug: peers.slug }, recipient: { name: "Sam Tester" } });
    expect(toSam.items).toEqual([expect.objectContaining({ kind: "checkin.due", reason: expect.stringContaining("expects one every 14 days") })]);
    const filtered = (await (await owner.get(`/api/v1/t/${slug}/reminders/deliveries?recipient=${mentor.id}&program=${peers.slug}`)).json()) as { deliveries: unknown[] };
    expect(filtered.deliveries).toHaveLength(1);

    // The program's coordinator sees its emails; another program's coordinator does not, and cannot ask for them.
    const own = (await (await coordinator.get(`/api/v1/t/${slug}/reminders/deliveries`)).json()) as { deliveries: unknown[] };
    expect(own.deliveries).toHaveLength(3);
    expect(((await (await outsider.get(`/api/v1/t/${slug}/reminders/deliveries`)).json()) as { deliveries: unknown[] }).deliveries).toEqual([]);
    expect((await outsider.get(`/api/v1/t/${slug}/reminders/deliveries?program=${peers.slug}`)).status).toBe(404);
    expect((await owner.get(`/api/v1/t/${slug}/reminders/deliveries?limit=0`)).status).toBe(400);

    // A reminder that failed for good shows in the failures, to the owner and to the program's coordinator.
    const [dead] = asMessages([{ ...deliveries[0]!.body, payload: { ...deliveries[0]!.body.payload, claimToken: crypto.randomUUID() } }], 6);
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await runQueue([dead!], {}, "tandem-jobs-dlq");
    const failures = (await (await owner.get(`/api/v1/t/${slug}/reminders/failures`)).json()) as { failures: { id: string; kind: string; items: { kind: string }[] }[] };
    expect(failures.failures).toEqual([expect.objectContaining({ id: dead!.id, kind: "reminders.deliver", items: [expect.objectContaining({ kind: kindsOf(deliveries[0]!)[0] })] })]);
    expect(((await (await coordinator.get(`/api/v1/t/${slug}/reminders/failures`)).json()) as { failures: unknown[] }).failures).toHaveLength(1);
    expect(((await (await outsider.get(`/api/v1/t/${slug}/reminders/failures`)).json()) as { failures: unknown[] }).failures).toEqual([]);
  });
});

describe("support contacts with each party (youth programs: the guardian too)", () => {
  it("asks for the same people as the compliance report's monitoring", () => {
    expect(SUPPORT_POLICIES.youth.parties).toEqual(MONITORED_PARTIES.youth);
    expect(SUPPORT_POLICIES.standard.parties).toEqual(MONITORED_PARTIES.standard);
  });

  it("reminds the coordinator until the guardian has been reached too, says so, and shows it on the pair", async () => {
    const { owner, slug } = await signUpAndSignIn();
    const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.slug, slug));
    await db.update(schema.tenants).set({ timezone: LA }).where(eq(schema.tenants.id, tenant!.id));
    const youth = await program(db, tenant!.id, { name: "Youth" });
    await db.update(schema.programs).set({ guardianConsentUnderAge: 18 }).where(eq(schema.programs.id, youth.id));
    const { member: coordinator, email: coordinatorEmail } = await inviteAndAccept(owner, slug, "coordinator");
    const coordinatorId = await userIdOf(coordinator);
    await db.insert(schema.programCoordinators).values({ tenantId: tenant!.id, programId: youth.id, userId: coordinatorId });
    const contact = (matchId: string, contactedOn: string, parties: string[]) => ({ id: crypto.randomUUID(), tenantId: tenant!.id, matchId, userId: coordinatorId, contactedOn, parties });

    // Started 2 March: twice in the first month means once in each half (by 17 March, then by 1 April) with each of the three.
    const { matchId, mentee } = await pair(db, tenant!.id, youth.id, { startedAt: at("2031-03-02T18:00:00Z"), acknowledged: true });
    const consented = (applicationId: string) => db.update(schema.applications).set({ guardianConsentedAt: at("2031-02-20T18:00:00Z") }).where(eq(schema.applications.id, applicationId));
    await consented(mentee.id);
    // An adult mentee in the same program, with no guardian: reached with their mentor on the match's first day.
    const adult = await pair(db, tenant!.id, youth.id, { startedAt: at("2031-03-02T18:00:00Z"), acknowledged: true, mentor: "Omar", mentee: "Lena" });
    await db.insert(schema.supportContacts).values([
      contact(adult.matchId, "2031-03-02", ["mentor", "mentee"]),
      contact(matchId, "2031-03-03", ["guardian"]),
      contact(matchId, "2031-03-06", ["mentor", "mentee"]),
      contact(matchId, "2031-03-20", ["mentor", "mentee"]),
    ]);
    const supportItems = (messages: QueuedMessage[]) => messages.flatMap((message) => payloadOf(message).items.filter((item) => item.kind === "support.overdue"));

    // 18 March: all three were reached in the first half (the guardian's older contact still counts for the guardian),
    // and the adult pair on its first day (a contact that day counts from the match's start).
    expect(supportItems(await cronTick(at("2031-03-18T17:00:00Z"), [tenant!.id]))).toEqual([]);
    // 2 April: the mentor and the mentee were reached in the second half, the guardian was not; the adult pair is due with both.
    const due = await cronTick(at("2031-04-02T17:00:00Z"), [tenant!.id]);
    expect(supportItems(due).map((item) => [item.context.matchId, item.context.notReached]).sort()).toEqual(
      [
        [matchId, ["guardian"]],
        [adult.matchId, ["mentor", "mentee"]],
      ].sort(),
    );
    await runQueue(due);
    // One email to the coordinator, a line per pair.
    const [email, ...more] = (await outboxOf(db, tenant!.id)).filter((row) => row.to === coordinatorEmail);
    expect(more).toEqual([]);
    expect(email!.subject).toBe("2 pairs are due a support contact — Youth");
    expect(email!.text).toContain("last contact Thursday, March 20, 2031; still to reach: the guardian");
    expect(email!.text).toContain("last contact Sunday, March 2, 2031; still to reach: Omar and Lena");

    // Reaching the guardian too settles it until the next monthly contacts.
    await db.insert(schema.supportContacts).values([contact(matchId, "2031-04-03", ["guardian"]), contact(adult.matchId, "2031-04-03", ["mentor", "mentee"])]);
    expect(supportItems(await cronTick(at("2031-04-10T17:00:00Z"), [tenant!.id]))).toEqual([]);

    // The pair as the coordinator sees it now: a pair 20 days in, whose guardian was never reached, is overdue for the guardian alone.
    const day = 86_400_000;
    const recent = await pair(db, tenant!.id, youth.id, { startedAt: new Date(Date.now() - 20 * day), acknowledged: true, mentor: "Ada", mentee: "Ben" });
    await consented(recent.mentee.id);
    const localDay = (at: number) => new Intl.DateTimeFormat("en-CA", { timeZone: LA, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
    await db.insert(schema.supportContacts).values(contact(recent.matchId, localDay(Date.now() - 17 * day), ["mentor", "mentee"]));
    const detail = (await (await coordinator.get(`/api/v1/t/${slug}/matches/${recent.matchId}`)).json()) as { support: { due: boolean; waitingOn: string[] } };
    expect(detail.support).toMatchObject({ due: true, waitingOn: ["guardian"] });
    const list = (await (await coordinator.get(`/api/v1/t/${slug}/programs/${youth.slug}/relationships`)).json()) as { matches: { id: string; support: { due: boolean; waitingOn: string[] } }[] };
    expect(list.matches.find((row) => row.id === recent.matchId)!.support).toMatchObject({ due: true, waitingOn: ["guardian"] });
  });
});

describe("database round trips", () => {
  it("delivers a batch in the same number of round trips whatever its size", async () => {
    const tenant = await institution(db, LA);
    const peers = await program(db, tenant.id);
    for (let index = 0; index < 30; index++) await pair(db, tenant.id, peers.id, { startedAt: new Date(at("2031-02-20T18:00:00Z").getTime() + index * 60_000), acknowledged: true, mentor: `Mentor${index}`, mentee: `Mentee${index}` });
    const deliveries = await cronTick(T1, [tenant.id]);
    expect(deliveries).toHaveLength(60);

    const realFetch = globalThis.fetch;
    let roundTrips = 0;
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.startsWith(env.LIBSQL_URL)) roundTrips += 1;
      return realFetch(input, init);
    });
    const measure = async (messages: typeof deliveries) => {
      roundTrips = 0;
      const result = await runQueue(messages);
      expect(result.acked).toHaveLength(messages.length);
      return roundTrips;
    };
    const small = await measure(deliveries.slice(0, 5));
    const large = await measure(deliveries.slice(5, 55));
    console.log(JSON.stringify({ message: "reminder delivery round trips", batch5: small, batch50: large }));
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(10);
    expect(perRecipient(await outboxOf(db, tenant.id))).toEqual(Object.fromEntries(deliveries.slice(0, 55).map((message) => [payloadOf(message).recipient.email, 1])));
  });
});

