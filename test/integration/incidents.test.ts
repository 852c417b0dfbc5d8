/**
 * Safeguarding incident reports (issue #8), in workerd: owners and admins
 * record, list, read and resolve them; a refused report changes nothing;
 * coordinators (even of the program) and viewers get 403, another
 * institution 404; every list, view and change is in the audit log.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type Agent, type AuditEvent, inviteAndAccept, type Problem, signUpAndSignIn, userIdOf } from "./agent.js";
import { json, localDay, type Pair, pairedProgram } from "./fixtures/pairs.js";

interface Person {
  id: string;
  firstName: string;
  lastName: string;
}
interface Incident {
  id: string;
  program: { slug: string; name: string };
  match: { id: string; status: string; mentor: Person; mentee: Person } | null;
  occurredOn: string;
  description: string;
  actionsTaken: string;
  followUp: string;
  followUpOn: string | null;
  status: "open" | "resolved";
  reportedBy: { name: string } | null;
  createdAt: string;
  updatedAt: string;
}
interface List {
  counts: { open: number; resolved: number };
  incidents: Incident[];
}

let owner: Agent;
let admin: Agent;
let slug: string;
let program: string;
let programName: string;
let otherProgram: string;
let pair: Pair;

const list = async (as: Agent = owner, query = "") => json<List>(await as.get(`/api/v1/t/${slug}/incidents${query}`), 200);
const create = (body: unknown, as: Agent = owner, programSlug = program) => as.post(`/api/v1/t/${slug}/programs/${programSlug}/incidents`, body);
const patch = (id: string, body: unknown, as: Agent = owner) => as.request("PATCH", `/api/v1/t/${slug}/incidents/${id}`, body);
const audit = async () => (await json<{ events: AuditEvent[] }>(await owner.get(`/api/v1/t/${slug}/audit?limit=200`), 200)).events;

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  ({ member: admin } = await inviteAndAccept(owner, slug, "admin"));
  const paired = await pairedProgram(owner, slug, { pairs: 1, youth: true });
  program = paired.program;
  pair = paired.pairs[0]!;
  programName = `Peers ${program}`;
  otherProgram = `other-${crypto.randomUUID().slice(0, 6)}`;
  await json(await owner.post(`/api/v1/t/${slug}/programs`, { name: "Another program", slug: otherProgram, type: "peer", mentorCapacity: 1 }), 201);
}, 120_000);

describe("owners and admins", () => {
  let recorded: Incident;

  it("record an incident about a pair: the program, the pair's names and who reported it come back, open", async () => {
    const body = {
      occurredOn: localDay(-2),
      matchId: pair.matchId,
      description: "  The mentor offered the mentee a ride home without the guardian's agreement.  ",
      actionsTaken: "Spoke to the mentor the same day; reminded them of the code of conduct.",
      followUp: "Call the guardian.",
      followUpOn: localDay(5),
    };
    ({ incident: recorded } = await json<{ incident: Incident }>(await create(body), 201));
    expect(recorded).toEqual({
      id: expect.any(String),
      program: { slug: program, name: programName },
      match: {
        id: pair.matchId,
        status: "active",
        mentor: { id: pair.mentor.id, firstName: pair.mentor.firstName, lastName: pair.mentor.lastName },
        mentee: { id: pair.mentee.id, firstName: pair.mentee.firstName, lastName: pair.mentee.lastName },
      },
      occurredOn: localDay(-2),
      description: "The mentor offered the mentee a ride home without the guardian's agreement.",
      actionsTaken: "Spoke to the mentor the same day; reminded them of the code of conduct.",
      followUp: "Call the guardian.",
      followUpOn: localDay(5),
      status: "open",
      reportedBy: { name: "Olive Owner" },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it("record one with only a date and a description, as an admin, about no particular pair", async () => {
    const { incident } = await json<{ incident: Incident }>(await create({ occurredOn: localDay(-5), description: "A parent called about a mentor's social media post." }, admin), 201);
    expect(incident).toMatchObject({ match: null, actionsTaken: "", followUp: "", followUpOn: null, status: "open", reportedBy: { name: "admin person" } });
  });

  it("list them, open first, by program and by status, and read one", async () => {
    const all = await list(admin);
    expect(all.counts).toEqual({ open: 2, resolved: 0 });
    expect(all.incidents.map((incident) => incident.occurredOn)).toEqual([localDay(-2), localDay(-5)]);
    expect((await list(owner, `?program=${program}`)).incidents).toHaveLength(2);
    expect(await list(owner, `?program=${otherProgram}`)).toEqual({ today: localDay(0), counts: { open: 0, resolved: 0 }, incidents: [] });
    expect((await list(owner, "?status=resolved")).incidents).toEqual([]);
    expect((await json<Problem>(await owner.get(`/api/v1/t/${slug}/incidents?status=closed`), 400)).errors![0]!.path).toBe("query.status");
    expect((await owner.get(`/api/v1/t/${slug}/incidents?program=no-such-program`)).status).toBe(404);

    const { incident } = await json<{ incident: Incident }>(await admin.get(`/api/v1/t/${slug}/incidents/${recorded.id}`), 200);
    expect(incident).toEqual(recorded);
    expect((await owner.get(`/api/v1/t/${slug}/incidents/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it("add to a report and resolve it; what is left out stays", async () => {
    const { incident } = await json<{ incident: Incident }>(await patch(recorded.id, { followUp: "Guardian called; satisfied with the steps taken.", status: "resolved" }, admin), 200);
    expect(incident).toMatchObject({ status: "resolved", followUp: "Guardian called; satisfied with the steps taken.", actionsTaken: recorded.actionsTaken, followUpOn: localDay(5), match: { id: pair.matchId } });
    const { incident: unlinked } = await json<{ incident: Incident }>(await patch(recorded.id, { matchId: null, followUpOn: null }), 200);
    expect(unlinked).toMatchObject({ match: null, followUpOn: null, status: "resolved" });
    const lists = [await list(owner, "?status=resolved"), await list(owner, "?status=open")];
    expect(lists.map((shown) => shown.incidents.length)).toEqual([1, 1]);
    expect(lists[0]!.counts).toEqual({ open: 1, resolved: 1 });
    // Open ones come first, even one that happened earlier.
    expect((await list()).incidents.map((shown) => [shown.status, shown.occurredOn])).toEqual([
      ["open", localDay(-5)],
      ["resolved", localDay(-2)],
    ]);
  });

  it("refuse bad reports field by field, and a refused report or change records nothing", async () => {
    const before = await list();
    const bad = await json<Problem>(await create({ occurredOn: localDay(1), description: "   ", actionsTaken: "x".repeat(5001), followUpOn: "2026-02-30" }), 400);
    expect(bad.errors!.map((error) => error.path).sort()).toEqual(["body.actionsTaken", "body.description", "body.followUpOn"]);
    const future = await json<Problem>(await create({ occurredOn: localDay(1), description: "Something" }), 400);
    expect(future.errors).toEqual([{ path: "body.occurredOn", message: expect.stringContaining("cannot be in the future") }]);
    const long = await json<Problem>(await create({ occurredOn: localDay(0), description: "x".repeat(5001) }), 400);
    expect(long.errors![0]!.path).toBe("body.description");
    // A match of another program is not this program's pair.
    const elsewhere = await json<Problem>(await create({ occurredOn: localDay(0), description: "Something", matchId: pair.matchId }, owner, otherProgram), 400);
    expect(elsewhere.errors).toEqual([{ path: "body.matchId", message: "must be a match of this program" }]);
    expect((await json<Problem>(await create({ occurredOn: localDay(0), description: "Something", matchId: "not-a-uuid" }), 400)).errors![0]!.path).toBe("body.matchId");
    expect((await create({ occurredOn: localDay(0), description: "Something" }, owner, "no-such-program")).status).toBe(404);

    const target = before.incidents.find((incident) => incident.status === "open")!;
    const badPatch = await json<Problem>(await patch(target.id, { occurredOn: localDay(3), status: "closed" }), 400);
    expect(badPatch.errors!.map((error) => error.path).sort()).toEqual(["body.status"]);
    const futurePatch = await json<Problem>(await patch(target.id, { occurredOn: localDay(3), description: "Changed" }), 400);
    expect(futurePatch.errors).toEqual([{ path: "body.occurredOn", message: expect.stringContaining("cannot be in the future") }]);
    expect((await json<Problem>(await patch(target.id, { matchId: crypto.randomUUID() }), 400)).errors![0]!.path).toBe("body.matchId");

    const after = await list();
    expect(after.counts).toEqual(before.counts);
    expect(after.incidents).toEqual(before.incidents);
  });
});

describe("who else may see incident reports", () => {
  let incidentId: string;

  beforeAll(async () => {
    incidentId = (await list()).incidents[0]!.id;
  });

  it("not coordinators, even of the program (403)", async () => {
    const { member: coordinator } = await inviteAndAccept(owner, slug, "coordinator");
    await json(await owner.request("PUT", `/api/v1/t/${slug}/programs/${program}/coordinators`, { userIds: [await userIdOf(coordinator)] }), 200);
    const before = await list();
    const responses = [
      await coordinator.get(`/api/v1/t/${slug}/incidents`),
      await coordinator.get(`/api/v1/t/${slug}/incidents?program=${program}`),
      await coordinator.get(`/api/v1/t/${slug}/incidents/${incidentId}`),
      await create({ occurredOn: localDay(0), description: "By a coordinator" }, coordinator),
      await patch(incidentId, { status: "open", description: "Changed by a coordinator" }, coordinator),
    ];
    expect(responses.map((response) => response.status)).toEqual([403, 403, 403, 403, 403]);
    for (const response of responses) expect(await response.text()).not.toContain("ride home");
    expect(await list()).toEqual(before);
  });

  it("not viewers (403)", async () => {
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    const responses = [await viewer.get(`/api/v1/t/${slug}/incidents`), await viewer.get(`/api/v1/t/${slug}/incidents/${incidentId}`), await create({ occurredOn: localDay(0), description: "By a viewer" }, viewer)];
    expect(responses.map((response) => response.status)).toEqual([403, 403, 403]);
  });

  it("not another institution, even its owner (404)", async () => {
    const other = await signUpAndSignIn();
    const before = await list();
    expect((await other.owner.get(`/api/v1/t/${slug}/incidents`)).status).toBe(404);
    expect((await other.owner.get(`/api/v1/t/${slug}/incidents/${incidentId}`)).status).toBe(404);
    expect((await other.owner.request("PATCH", `/api/v1/t/${slug}/incidents/${incidentId}`, { status: "resolved" })).status).toBe(404);
    // Under its own address, this institution's report does not exist.
    const own = await other.owner.get(`/api/v1/t/${other.slug}/incidents/${incidentId}`);
    expect(own.status).toBe(404);
    expect(await own.text()).not.toContain("ride home");
    expect(await json<List>(await other.owner.get(`/api/v1/t/${other.slug}/incidents`), 200)).toEqual({ today: expect.any(String), counts: { open: 0, resolved: 0 }, incidents: [] });
    expect(await list()).toEqual(before);
  });
});

describe("the audit log", () => {
  it("records every list, view and change of an incident report, with who did it", async () => {
    const { incident } = await json<{ incident: Incident }>(await create({ occurredOn: localDay(0), description: "Audited incident", matchId: pair.matchId }), 201);
    await json(await admin.get(`/api/v1/t/${slug}/incidents/${incident.id}`), 200);
    await json(await patch(incident.id, { status: "resolved", actionsTaken: "Reviewed." }, admin), 200);
    await list(admin, `?program=${program}`);
    const adminId = await userIdOf(admin);
    const ownerId = await userIdOf(owner);
    const events = (await audit()).filter((event) => event.action.startsWith("incident."));
    const about = events.filter((event) => event.entityId === incident.id);
    expect(about.map((event) => event.action).sort()).toEqual(["incident.created", "incident.updated", "incident.viewed"]);
    expect(about.find((event) => event.action === "incident.created")).toMatchObject({ actorUserId: ownerId, after: { status: "open", matchId: pair.matchId, occurredOn: localDay(0) } });
    expect(about.find((event) => event.action === "incident.viewed")).toMatchObject({ actorUserId: adminId });
    expect(about.find((event) => event.action === "incident.updated")).toMatchObject({ actorUserId: adminId, before: { status: "open", actionsTaken: "" }, after: { status: "resolved", actionsTaken: "Reviewed." } });
    const listed = events.find((event) => event.action === "incident.list_viewed" && event.actorUserId === adminId && (event.after as { program: string | null }).program === program);
    expect(listed).toMatchObject({ entityType: "program", after: { incidentIds: expect.arrayContaining([incident.id]) } });
    // Refused attempts by a coordinator left no trace of a view.
    expect(events.filter((event) => event.action === "incident.viewed").every((event) => [ownerId, adminId].includes(event.actorUserId!))).toBe(true);
  });
});
