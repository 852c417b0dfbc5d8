/** Applicants and guardians, without accounts: the status page, withdrawing, and guardian consent. */
import { beforeAll, describe, expect, it } from "vitest";
import { Agent, latestEmail, linkParam, signUpAndSignIn } from "./agent.js";

let owner: Agent;
let slug: string;

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  for (const [program, type] of [["peers", "peer"], ["youth", "community"]] as const) {
    await owner.post(`/api/v1/t/${slug}/programs`, { name: program === "peers" ? "Peers" : "Youth Mentoring", slug: program, type });
    await owner.post(`/api/v1/t/${slug}/programs/${program}/status`, { status: "enrolling" });
  }
}, 60_000);

async function applyAsTeen() {
  const tag = crypto.randomUUID().slice(0, 6);
  const email = `teen-${tag}@example.test`;
  const guardian = `guardian-${tag}@example.test`;
  const response = await new Agent().post(`/api/v1/t/${slug}/join/youth/mentee`, {
    answers: {
      first_name: "Leo",
      last_name: "Park",
      email,
      date_of_birth: "2012-05-01",
      guardian_name: "Ana Park",
      guardian_email: guardian,
      interests: ["music"],
      languages: ["en"],
      location: "Riverside",
      modality: "in_person",
      availability: ["sat_morning"],
      school: "Riverside High",
      bio: "I like drawing.",
    },
    startedAt: Date.now() - 60_000,
  });
  expect(response.status).toBe(201);
  return { email, guardian };
}

describe("the applicant's status link", () => {
  it("shows the application and lets the applicant withdraw before review", async () => {
    const email = `status-${crypto.randomUUID().slice(0, 6)}@example.test`;
    await new Agent().post(`/api/v1/t/${slug}/join/peers/mentor`, {
      answers: { first_name: "Sam", last_name: "Lee", email, major: "psychology", year: 4, goals: ["study_habits"], interests: ["music"], availability: ["mon_evening"], languages: ["en"], bio: "Senior." },
      startedAt: Date.now() - 60_000,
    });
    const token = linkParam(await latestEmail(email), "/applications/status", "token");
    const status = await new Agent().get(`/api/v1/t/${slug}/applications/status?token=${token}`);
    expect(await status.json()).toMatchObject({ program: { slug: "peers" }, role: "mentor", status: "submitted", firstName: "Sam", canWithdraw: true });

    const withdrawn = await new Agent().post(`/api/v1/t/${slug}/applications/status/withdraw`, { token });
    expect(await withdrawn.json()).toMatchObject({ status: "withdrawn", canWithdraw: false });
    expect((await new Agent().get(`/api/v1/t/${slug}/applications/status?token=not-a-real-token-at-all`)).status).toBe(404);
  });
});

describe("guardian consent", () => {
  it("emails the guardian; their signed consent sends the application to review, once", async () => {
    const { email, guardian } = await applyAsTeen();
    const mail = await latestEmail(guardian);
    expect(mail).toMatchObject({ kind: "enrollment.guardian_consent", subject: "Your consent for Leo to join Youth Mentoring" });
    const token = linkParam(mail, "/consent.html", "token");

    const request = await new Agent().get(`/api/v1/t/${slug}/consent?token=${token}`);
    expect(await request.json()).toMatchObject({ program: { name: "Youth Mentoring", expectations: expect.stringContaining("Meet weekly") }, applicant: { firstName: "Leo" }, guardianName: "Ana Park", consented: false });

    const unchecked = await new Agent().post(`/api/v1/t/${slug}/consent`, { token, signature: "Ana Park", consent: false });
    expect(unchecked.status).toBe(400);
    const signed = await new Agent().post(`/api/v1/t/${slug}/consent`, { token, signature: "Ana Park", consent: true });
    expect(signed.status).toBe(200);

    const status = await new Agent().get(`/api/v1/t/${slug}/applications/status?token=${linkParam(await latestEmail(email), "/applications/status", "token")}`);
    expect(await status.json()).toMatchObject({ status: "submitted" });
    // The consent link worked once.
    expect((await new Agent().post(`/api/v1/t/${slug}/consent`, { token, signature: "Ana Park", consent: true })).status).toBe(404);

    const audit = (await (await owner.get(`/api/v1/t/${slug}/audit?limit=3`)).json()) as { events: { action: string; after: { signature?: string } }[] };
    expect(audit.events.find((e) => e.action === "application.guardian_consented")?.after.signature).toBe("Ana Park");
  });

  it("is needed before a coordinator can decide the application", async () => {
    await applyAsTeen();
    const list = (await (await owner.get(`/api/v1/t/${slug}/programs/youth/applications?status=pending_consent`)).json()) as { applications: { id: string }[] };
    const decision = await owner.post(`/api/v1/t/${slug}/programs/youth/applications/decisions`, { ids: [list.applications[0].id], decision: "approved" });
    expect(decision.status).toBe(409);
  });
});

describe("consent requests from a coordinator", () => {
  it("send each waiting guardian a new link, which replaces the old one", async () => {
    const { guardian } = await applyAsTeen();
    const firstToken = linkParam(await latestEmail(guardian), "/consent.html", "token");
    const sent = await owner.post(`/api/v1/t/${slug}/programs/youth/applications/consent-requests`, {});
    expect(sent.status).toBe(200);
    const { queued } = (await sent.json()) as { queued: number };
    expect(queued).toBeGreaterThanOrEqual(1);
    // The emails go out from the job queue, shortly after the request.
    await expect.poll(async () => linkParam(await latestEmail(guardian), "/consent.html", "token"), { timeout: 10_000, interval: 100 }).not.toBe(firstToken);
    const newToken = linkParam(await latestEmail(guardian), "/consent.html", "token");
    expect((await new Agent().get(`/api/v1/t/${slug}/consent?token=${firstToken}`)).status).toBe(404);
    expect((await new Agent().post(`/api/v1/t/${slug}/consent`, { token: newToken, signature: "Ana Park", consent: true })).status).toBe(200);
    // Nothing is waiting any more for that one; naming it now is a conflict.
    const list = (await (await owner.get(`/api/v1/t/${slug}/programs/youth/applications?search=${encodeURIComponent(guardian.replace("guardian-", "teen-"))}`)).json()) as { applications: { id: string }[] };
    const again = await owner.post(`/api/v1/t/${slug}/programs/youth/applications/consent-requests`, { ids: [list.applications[0].id] });
    expect(again.status).toBe(409);
  });
});
