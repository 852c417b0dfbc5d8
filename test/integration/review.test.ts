/** Coordinators review a program's applications: filter, search, decide in bulk, export. */
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { Agent, inviteAndAccept, signUpAndSignIn } from "./agent.js";

let owner: Agent;
let slug: string;
const tag = crypto.randomUUID().slice(0, 6);

function apply(role: "mentor" | "mentee", first: string, last: string, extra: Record<string, unknown> = {}) {
  const common = { first_name: first, last_name: last, email: `${first.toLowerCase()}.${last.toLowerCase()}.${tag}@example.test`, availability: ["mon_evening"], languages: ["en"] };
  const answers =
    role === "mentee"
      ? { ...common, major: "biology", year: 1, goals: ["make_friends"], interests: ["music"], bio: "Hello there.", ...extra }
      : { ...common, major: "biology", year: 4, goals: ["make_friends"], interests: ["music"], bio: "I like helping.", ...extra };
  return new Agent().post(`/api/v1/t/${slug}/join/peers/${role}`, { answers, startedAt: Date.now() - 60_000 });
}

type Listed = { total: number; applications: { id: string; firstName: string; status: string; role: string }[] };
const list = async (query = "") => (await (await owner.get(`/api/v1/t/${slug}/programs/peers/applications${query}`)).json()) as Listed;

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  await owner.post(`/api/v1/t/${slug}/programs`, { name: "Peers", slug: "peers", type: "peer" });
  await owner.post(`/api/v1/t/${slug}/programs/peers/status`, { status: "enrolling" });
  for (const [role, first, last] of [
    ["mentee", "Ana", "Lopez"],
    ["mentee", "Ben", "Okoro"],
    ["mentee", "Cara", "Nguyen"],
    ["mentor", "Dev", "Patel"],
    ["mentor", "Eve", "Lopez"],
  ] as const) {
    const response = await apply(role, first, last, first === "Cara" ? { bio: "=HYPERLINK(\"http://evil.example\")" } : {});
    if (response.status !== 201) throw new Error(`${first}: ${response.status} ${await response.text()}`);
  }
}, 60_000);

describe("reviewing applications", () => {
  it("filters by role and status and searches names and emails", async () => {
    expect((await list()).total).toBe(5);
    expect((await list("?role=mentor")).applications.map((a) => a.firstName)).toEqual(["Dev", "Eve"]);
    expect((await list("?search=lopez")).applications.map((a) => a.firstName).sort()).toEqual(["Ana", "Eve"]);
    expect((await list("?search=ben.okoro")).applications.map((a) => a.firstName)).toEqual(["Ben"]);
    expect((await list("?limit=2&offset=2")).applications).toHaveLength(2);
    // Wildcards typed by a person are literal: "_" matches an underscore, not any character.
    expect((await list("?search=%25")).total).toBe(0);
    expect((await list("?search=ana_lopez")).total).toBe(0);
    const underscored = await apply("mentee", "Fay", "Under_Score");
    expect(underscored.status).toBe(201);
    expect((await list("?search=under_score")).applications.map((a) => a.firstName)).toEqual(["Fay"]);
    expect((await list("?search=under%score")).total).toBe(0);
    const bad = await owner.get(`/api/v1/t/${slug}/programs/peers/applications?status=maybe&limit=0`);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(["query.limit", "query.status"]);
  });

  it("decides in bulk, all or none, and audits each", async () => {
    const mentees = (await list("?role=mentee")).applications;
    const ids = mentees.slice(0, 2).map((a) => a.id);
    const decided = await owner.post(`/api/v1/t/${slug}/programs/peers/applications/decisions`, { ids, decision: "approved" });
    expect(await decided.json()).toEqual({ updated: 2, status: "approved" });
    expect((await list("?status=approved")).total).toBe(2);

    // One unknown id: nothing changes.
    const mixed = await owner.post(`/api/v1/t/${slug}/programs/peers/applications/decisions`, { ids: [mentees[2].id, crypto.randomUUID()], decision: "rejected" });
    expect(mixed.status).toBe(404);
    expect((await list("?status=rejected")).total).toBe(0);

    const audit = (await (await owner.get(`/api/v1/t/${slug}/audit?limit=5`)).json()) as { events: { action: string; entityId: string }[] };
    expect(audit.events.filter((e) => e.action === "application.approved").map((e) => e.entityId).sort()).toEqual([...ids].sort());
  });

  it("exports CSV with one column per answer, safe to open in a spreadsheet", async () => {
    const response = await owner.get(`/api/v1/t/${slug}/programs/peers/applications/export?role=mentee`);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="peers-applications.csv"');
    const parsed = Papa.parse<Record<string, string>>(await response.text(), { header: true, skipEmptyLines: true });
    expect(parsed.data.map((row) => row.first_name).sort()).toEqual(["Ana", "Ben", "Cara", "Fay"]);
    expect(parsed.meta.fields).toEqual(expect.arrayContaining(["role", "status", "first_name", "email", "interests", "availability"]));
    const cara = parsed.data.find((row) => row.first_name === "Cara")!;
    expect(cara.bio.startsWith("=")).toBe(false);
    expect(cara.bio).toContain("HYPERLINK");
  });

  it("is for those who run programs: viewers may not", async () => {
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    expect((await viewer.get(`/api/v1/t/${slug}/programs/peers/applications`)).status).toBe(403);
    expect((await viewer.get(`/api/v1/t/${slug}/programs/peers/applications/export`)).status).toBe(403);
  });
});
