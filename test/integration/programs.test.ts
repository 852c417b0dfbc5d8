/** Programs: defaults per type, edits, the status machine, next-year copies, roles and audit. */
import { describe, expect, it } from "vitest";
import { inviteAndAccept, signUpAndSignIn, userIdOf } from "./agent.js";

type Program = { slug: string; status: string; allowedNextStatuses: string[]; [key: string]: unknown };
const programOf = async (response: Response) => ((await response.json()) as { program: Program }).program;

describe("programs", () => {
  it("are created as drafts with their type's defaults, and listed", async () => {
    const { owner, slug } = await signUpAndSignIn();
    const created = await owner.post(`/api/v1/t/${slug}/programs`, { name: "Harbor Youth Mentoring", slug: "youth", type: "community", description: "Weekly mentoring for teens." });
    expect(created.status).toBe(201);
    expect(await programOf(created)).toMatchObject({
      slug: "youth",
      type: "community",
      status: "draft",
      mentorCapacity: 1,
      checkinCadenceDays: 7,
      guardianConsentUnderAge: 18,
      allowedNextStatuses: ["enrolling", "closed"],
    });
    const list = (await (await owner.get(`/api/v1/t/${slug}/programs`)).json()) as { programs: Program[] };
    expect(list.programs.map((p) => p.slug)).toEqual(["youth"]);
    const taken = await owner.post(`/api/v1/t/${slug}/programs`, { name: "Another", slug: "youth", type: "peer" });
    expect(taken.status).toBe(409);
  });

  it("validate their settings, including date order against what is stored", async () => {
    const { owner, slug } = await signUpAndSignIn();
    const bad = await owner.post(`/api/v1/t/${slug}/programs`, { name: "X", slug: "Bad!", type: "mentoring", startsOn: "2026-09-01", endsOn: "2026-08-01" });
    expect(bad.status).toBe(400);
    const { errors } = (await bad.json()) as { errors: { path: string }[] };
    expect(errors.map((e) => e.path).sort()).toEqual(["body.name", "body.slug", "body.type"]);

    await owner.post(`/api/v1/t/${slug}/programs`, { name: "Peers", slug: "peers", type: "peer", startsOn: "2026-09-01", endsOn: "2027-05-31" });
    const backwards = await owner.request("PATCH", `/api/v1/t/${slug}/programs/peers`, { endsOn: "2026-08-01" });
    expect(backwards.status).toBe(400);
    expect(((await backwards.json()) as { errors: unknown[] }).errors).toEqual([{ path: "body.endsOn", message: "must be on or after the start date" }]);
    const fine = await owner.request("PATCH", `/api/v1/t/${slug}/programs/peers`, { mentorCapacity: 4, objectives: ["Belonging", "Study skills"] });
    expect(await programOf(fine)).toMatchObject({ mentorCapacity: 4, objectives: ["Belonging", "Study skills"] });
    expect((await owner.request("PATCH", `/api/v1/t/${slug}/programs/peers`, { status: "active" })).status).toBe(400);
  });

  it("move only along allowed status transitions; a wrong one names the allowed ones", async () => {
    const { owner, slug } = await signUpAndSignIn();
    await owner.post(`/api/v1/t/${slug}/programs`, { name: "Faculty Mentoring", slug: "faculty", type: "faculty_student" });
    const skip = await owner.post(`/api/v1/t/${slug}/programs/faculty/status`, { status: "active" });
    expect(skip.status).toBe(409);
    const problem = (await skip.json()) as { detail: string; allowedStatuses: string[] };
    expect(problem.detail).toBe("A draft program cannot become active. From draft it can become: enrolling, closed.");
    expect(problem.allowedStatuses).toEqual(["enrolling", "closed"]);
    for (const status of ["enrolling", "matching", "enrolling", "matching", "active", "closed"]) {
      const moved = await owner.post(`/api/v1/t/${slug}/programs/faculty/status`, { status });
      expect(moved.status, status).toBe(200);
    }
    expect((await owner.post(`/api/v1/t/${slug}/programs/faculty/status`, { status: "enrolling" })).status).toBe(409);
    const audit = (await (await owner.get(`/api/v1/t/${slug}/audit?limit=10`)).json()) as { events: { action: string; after: { status?: string } }[] };
    expect(audit.events.filter((e) => e.action === "program.status_changed").map((e) => e.after.status)).toEqual(["closed", "active", "matching", "enrolling", "matching", "enrolling"]);
  });

  it("copy into next year's cohort with every date moved together", async () => {
    const { owner, slug } = await signUpAndSignIn();
    await owner.post(`/api/v1/t/${slug}/programs`, {
      name: "Peers 2026",
      slug: "peers-2026",
      type: "peer",
      mentorCapacity: 4,
      startsOn: "2026-09-01",
      endsOn: "2027-05-31",
      enrollmentOpensOn: "2026-07-15",
      enrollmentClosesOn: "2026-08-20",
    });
    await owner.post(`/api/v1/t/${slug}/programs/peers-2026/status`, { status: "enrolling" });
    const copy = await owner.post(`/api/v1/t/${slug}/programs/peers-2026/copy`, { name: "Peers 2027", slug: "peers-2027", startsOn: "2027-08-31" });
    expect(copy.status).toBe(201);
    expect(await programOf(copy)).toMatchObject({
      slug: "peers-2027",
      status: "draft",
      type: "peer",
      mentorCapacity: 4,
      startsOn: "2027-08-31",
      endsOn: "2028-05-29",
      enrollmentOpensOn: "2027-07-14",
      enrollmentClosesOn: "2027-08-19",
    });
  });

  it("are read by all staff and changed only by owners, admins and the coordinators who run them", async () => {
    const { owner, slug } = await signUpAndSignIn();
    await owner.post(`/api/v1/t/${slug}/programs`, { name: "Peers", slug: "peers", type: "peer" });
    const { member: coordinator } = await inviteAndAccept(owner, slug, "coordinator");
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    expect((await owner.request("PUT", `/api/v1/t/${slug}/programs/peers/coordinators`, { userIds: [await userIdOf(coordinator)] })).status).toBe(200);
    expect((await viewer.get(`/api/v1/t/${slug}/programs/peers`)).status).toBe(200);
    expect((await viewer.request("PATCH", `/api/v1/t/${slug}/programs/peers`, { mentorCapacity: 2 })).status).toBe(403);
    expect((await viewer.post(`/api/v1/t/${slug}/programs`, { name: "Mine", slug: "mine", type: "peer" })).status).toBe(403);
    expect((await coordinator.request("PATCH", `/api/v1/t/${slug}/programs/peers`, { mentorCapacity: 2 })).status).toBe(200);
    expect((await coordinator.post(`/api/v1/t/${slug}/programs/peers/status`, { status: "enrolling" })).status).toBe(200);
  });

  it("show coordinators only the programs they run, with their participants", async () => {
    const { owner, slug } = await signUpAndSignIn();
    const { member: cora } = await inviteAndAccept(owner, slug, "coordinator");
    const { member: colin } = await inviteAndAccept(owner, slug, "coordinator");
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    await owner.post(`/api/v1/t/${slug}/programs`, { name: "Peers", slug: "peers", type: "peer" });
    await owner.post(`/api/v1/t/${slug}/programs`, { name: "Faculty", slug: "faculty", type: "faculty_student" });
    await owner.request("PUT", `/api/v1/t/${slug}/programs/peers/coordinators`, { userIds: [await userIdOf(cora)] });

    const listed = async (agent: typeof owner) => ((await (await agent.get(`/api/v1/t/${slug}/programs`)).json()) as { programs: { slug: string }[] }).programs.map((p) => p.slug).sort();
    expect(await listed(owner)).toEqual(["faculty", "peers"]);
    expect(await listed(cora)).toEqual(["peers"]);
    expect(await listed(colin)).toEqual([]);
    expect((await cora.get(`/api/v1/t/${slug}/programs/faculty`)).status).toBe(404);
    expect((await cora.get(`/api/v1/t/${slug}/programs/faculty/applications`)).status).toBe(404);
    expect((await cora.get(`/api/v1/t/${slug}/programs/peers/applications`)).status).toBe(200);

    // A program a coordinator creates is theirs to run; coordinators cannot hand programs out.
    expect((await colin.post(`/api/v1/t/${slug}/programs`, { name: "Colin's", slug: "colins", type: "peer" })).status).toBe(201);
    expect(await listed(colin)).toEqual(["colins"]);
    expect((await colin.request("PUT", `/api/v1/t/${slug}/programs/colins/coordinators`, { userIds: [] })).status).toBe(403);
    // Only coordinators of this institution can be assigned.
    const notCoordinator = await owner.request("PUT", `/api/v1/t/${slug}/programs/peers/coordinators`, { userIds: [await userIdOf(viewer)] });
    expect(notCoordinator.status).toBe(400);
    expect(((await notCoordinator.json()) as { errors: { path: string }[] }).errors[0].path).toBe("body.userIds.0");
    const coordinators = (await (await owner.get(`/api/v1/t/${slug}/programs/peers/coordinators`)).json()) as { coordinators: { userId: string }[] };
    expect(coordinators.coordinators.map((c) => c.userId)).toEqual([await userIdOf(cora)]);
  });
});
