/**
 * Applicants change their answers from their status link, before review:
 * checked against the program's current form like a new application, the
 * email fixed, guardian consent following the new answers, audited.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Agent, emailCount, latestEmail, linkParam, type Problem, signUpAndSignIn } from "./agent.js";

let owner: Agent;
let slug: string;

interface Status {
  status: string;
  canEdit: boolean;
  canWithdraw: boolean;
  answers: Record<string, unknown>;
  form: { questions: { key: string }[] } | null;
  message?: string;
}

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  for (const [program, type] of [["peers", "peer"], ["youth", "community"]] as const) {
    await owner.post(`/api/v1/t/${slug}/programs`, { name: program === "peers" ? "Peers" : "Youth Mentoring", slug: program, type });
    await owner.post(`/api/v1/t/${slug}/programs/${program}/status`, { status: "enrolling" });
  }
}, 60_000);

const tag = () => crypto.randomUUID().slice(0, 8);

function mentorAnswers(email: string) {
  return { first_name: "Sam", last_name: "Lee", email, major: "psychology", year: 4, goals: ["study_habits"], interests: ["music"], availability: ["mon_evening"], languages: ["en"], bio: "Senior." };
}

function youthAnswers(email: string, extra: Record<string, unknown> = {}) {
  return { first_name: "Leo", last_name: "Park", email, date_of_birth: "1990-05-01", interests: ["music"], languages: ["en"], location: "Riverside", modality: "in_person", availability: ["sat_morning"], school: "Riverside High", bio: "I like drawing.", ...extra };
}

/** Applies, and returns the token from the confirmation email and the application's id. */
async function apply(program: string, role: string, answers: Record<string, unknown>) {
  const response = await new Agent().post(`/api/v1/t/${slug}/join/${program}/${role}`, { answers, startedAt: Date.now() - 60_000 });
  if (response.status !== 201) throw new Error(`apply: ${response.status} ${await response.text()}`);
  const { application } = (await response.json()) as { application: { id: string } };
  return { id: application.id, token: linkParam(await latestEmail(String(answers.email)), "/applications/status", "token") };
}

const statusOf = async (token: string) => (await (await new Agent().get(`/api/v1/t/${slug}/applications/status?token=${token}`)).json()) as Status;
const edit = (token: string, answers: Record<string, unknown>) => new Agent().request("PUT", `/api/v1/t/${slug}/applications/status`, { token, answers });

describe("editing an application from the status link", () => {
  it("saves valid answers, keeps the email, tells the applicant by email, and audits which answers changed", async () => {
    const email = `sam-${tag()}@example.test`;
    const { id, token } = await apply("peers", "mentor", mentorAnswers(email));
    const before = await statusOf(token);
    expect(before).toMatchObject({ status: "submitted", canEdit: true });
    // The edit form is the program's form as it is now, built-in fields first.
    expect(before.form?.questions.slice(0, 3).map((question) => question.key)).toEqual(["first_name", "last_name", "email"]);

    // The email may be left out: it is the application's identity, and stays.
    const { email: _email, ...withoutEmail } = mentorAnswers(email);
    const response = await edit(token, { ...withoutEmail, bio: "Senior, and a choir singer.", interests: ["music", "reading"] });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({ status: "submitted", message: "Your changes are saved.", answers: { email, bio: "Senior, and a choir singer.", interests: ["music", "reading"] } });
    expect((await statusOf(token)).answers.bio).toBe("Senior, and a choir singer.");
    expect(await latestEmail(email)).toMatchObject({ kind: "enrollment.edited", subject: expect.stringContaining("was changed") });

    const audit = (await (await owner.get(`/api/v1/t/${slug}/audit?limit=5`)).json()) as { events: { action: string; entityId: string; after: { changed?: string[] } }[] };
    const event = audit.events.find((candidate) => candidate.action === "application.edited" && candidate.entityId === id);
    expect(event?.after.changed?.sort()).toEqual(["bio", "interests"]);
  });

  it("refuses invalid answers with every bad field named, and changes nothing", async () => {
    const email = `bad-${tag()}@example.test`;
    const { token } = await apply("peers", "mentor", mentorAnswers(email));
    const emailsBefore = await emailCount(email);
    const response = await edit(token, { ...mentorAnswers(`someone-else-${tag()}@example.test`), year: 0, goals: [], colour: "blue" });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.errors?.map((error) => error.path).sort()).toEqual(["body.answers.colour", "body.answers.email", "body.answers.goals", "body.answers.year"]);
    expect(problem.errors?.find((error) => error.path === "body.answers.email")?.message).toMatch(/^cannot be changed here: it identifies your application/);
    expect((await statusOf(token)).answers).toEqual(mentorAnswers(email));
    expect(await emailCount(email)).toBe(emailsBefore);
  });

  it("is refused once the application is reviewed or withdrawn, saying what to do", async () => {
    const email = `late-${tag()}@example.test`;
    const { id, token } = await apply("peers", "mentor", mentorAnswers(email));
    await owner.post(`/api/v1/t/${slug}/programs/peers/applications/decisions`, { ids: [id], decision: "approved" });
    expect(await statusOf(token)).toMatchObject({ status: "approved", canEdit: false, form: null });
    const reviewed = await edit(token, { ...mentorAnswers(email), bio: "Too late." });
    expect(reviewed.status).toBe(409);
    expect(((await reviewed.json()) as Problem).detail).toBe("Your application has already been reviewed, so it can no longer be changed here. Contact the program's coordinator.");
    expect((await statusOf(token)).answers.bio).toBe("Senior.");

    const other = await apply("peers", "mentee", { first_name: "Ava", last_name: "Ng", email: `ava-${tag()}@example.test`, major: "biology", year: 1, goals: ["make_friends"], interests: ["music"], availability: ["mon_evening"], languages: ["en"], bio: "Hi." });
    await new Agent().post(`/api/v1/t/${slug}/applications/status/withdraw`, { token: other.token });
    const withdrawn = await edit(other.token, { bio: "Changed my mind." });
    expect(withdrawn.status).toBe(409);
    expect(((await withdrawn.json()) as Problem).detail).toContain("apply again while the program is taking applications");
  });

  it("does not recognise a wrong token", async () => {
    const response = await edit("not-a-real-token-at-all", mentorAnswers("x@example.test"));
    expect(response.status).toBe(404);
    expect(((await response.json()) as Problem).detail).toContain("link is not recognised");
  });
});

describe("editing and guardian consent", () => {
  it("asks a guardian once the applicant turns out to be a minor, and lets go when they are not", async () => {
    const email = `leo-${tag()}@example.test`;
    const guardian = `ana-${tag()}@example.test`;
    const { token } = await apply("youth", "mentee", youthAnswers(email));
    expect((await statusOf(token)).status).toBe("submitted");

    // Now under the program's age: the guardian is required, then asked.
    const missing = await edit(token, youthAnswers(email, { date_of_birth: "2012-05-01" }));
    expect(((await missing.json()) as Problem).errors?.map((error) => error.path).sort()).toEqual(["body.answers.guardian_email", "body.answers.guardian_name"]);
    const minor = await edit(token, youthAnswers(email, { date_of_birth: "2012-05-01", guardian_name: "Ana Park", guardian_email: guardian }));
    expect(await minor.json()).toMatchObject({ status: "pending_consent", message: expect.stringContaining("we emailed them a link") });
    const consentToken = linkParam(await latestEmail(guardian), "/consent.html", "token");

    // Another change with the same guardian: still waiting on the same link, no second email.
    await edit(token, youthAnswers(email, { date_of_birth: "2012-05-01", guardian_name: "Ana Park", guardian_email: guardian, bio: "I like comics." }));
    expect(await emailCount(guardian)).toBe(1);
    expect((await new Agent().get(`/api/v1/t/${slug}/consent?token=${consentToken}`)).status).toBe(200);

    // A corrected date of birth (an adult): no consent needed, and the guardian's link stops working.
    const adult = await edit(token, youthAnswers(email));
    expect(await adult.json()).toMatchObject({ status: "submitted", message: expect.stringContaining("no longer waits for a guardian's consent") });
    expect((await new Agent().get(`/api/v1/t/${slug}/consent?token=${consentToken}`)).status).toBe(404);
  });

  it("keeps a given consent for the same guardian, and asks again when the guardian changes", async () => {
    const email = `mia-${tag()}@example.test`;
    const guardian = `ana-${tag()}@example.test`;
    const minor = { date_of_birth: "2012-05-01", guardian_name: "Ana Park", guardian_email: guardian };
    const { token } = await apply("youth", "mentee", youthAnswers(email, minor));
    const consentToken = linkParam(await latestEmail(guardian), "/consent.html", "token");
    expect((await new Agent().post(`/api/v1/t/${slug}/consent`, { token: consentToken, signature: "Ana Park", consent: true })).status).toBe(200);

    const sameGuardian = await edit(token, youthAnswers(email, { ...minor, bio: "I like comics." }));
    expect(await sameGuardian.json()).toMatchObject({ status: "submitted" });

    const otherGuardian = `ben-${tag()}@example.test`;
    const changed = await edit(token, youthAnswers(email, { ...minor, guardian_name: "Ben Park", guardian_email: otherGuardian }));
    expect(await changed.json()).toMatchObject({ status: "pending_consent" });
    expect(await latestEmail(otherGuardian)).toMatchObject({ kind: "enrollment.guardian_consent" });
  });
});
