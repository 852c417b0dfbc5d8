/** Staff invitations and the role matrix, end to end through the Worker. */
import { describe, expect, it } from "vitest";
import { Agent, inviteAndAccept, latestEmail, linkParam, signUpAndSignIn } from "./agent.js";

describe("invitations", () => {
  it("let an owner invite a coordinator, who accepts, is signed in, and appears on the staff list", async () => {
    const { owner, slug } = await signUpAndSignIn({ name: "Riverside School" });
    const email = `coord-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const invited = await owner.post(`/api/v1/t/${slug}/invitations`, { email, role: "coordinator" });
    expect(invited.status).toBe(201);
    const mail = await latestEmail(email);
    expect(mail).toMatchObject({ kind: "staff.invitation", subject: "Join Riverside School on Tandem" });
    expect(mail.text).toContain("as a coordinator");

    const coordinator = new Agent();
    const accepted = await coordinator.post(`/api/v1/t/${slug}/invitations/accept`, { token: linkParam(mail, "/invitations/accept.html", "token"), name: "Cora Ordinator" });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ institution: { slug, name: "Riverside School" }, role: "coordinator" });
    const me = (await (await coordinator.get("/api/v1/me")).json()) as { user: { name: string }; memberships: unknown[] };
    expect(me).toMatchObject({ user: { name: "Cora Ordinator" }, memberships: [{ slug, role: "coordinator" }] });

    const staff = (await (await owner.get(`/api/v1/t/${slug}/staff`)).json()) as { members: { email: string; role: string }[]; invitations: unknown[] };
    expect(staff.members.map((m) => m.role).sort()).toEqual(["coordinator", "owner"]);
    expect(staff.invitations).toEqual([]);

    const audit = (await (await owner.get(`/api/v1/t/${slug}/audit`)).json()) as { events: { action: string; actorUserId: string | null }[] };
    expect(audit.events.map((e) => e.action)).toEqual(expect.arrayContaining(["invitation.created", "invitation.accepted", "membership.created"]));
  });

  it("work once, can be revoked, and a new one replaces the pending one", async () => {
    const { owner, slug } = await signUpAndSignIn();
    const email = `v-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const first = (await (await owner.post(`/api/v1/t/${slug}/invitations`, { email, role: "viewer" })).json()) as { invitation: { id: string } };
    const firstToken = linkParam(await latestEmail(email), "/invitations/accept.html", "token");
    const second = (await (await owner.post(`/api/v1/t/${slug}/invitations`, { email, role: "viewer" })).json()) as { invitation: { id: string } };
    const secondToken = linkParam(await latestEmail(email), "/invitations/accept.html", "token");

    expect((await new Agent().post(`/api/v1/t/${slug}/invitations/accept`, { token: firstToken, name: "V" })).status).toBe(400);
    expect((await owner.delete(`/api/v1/t/${slug}/invitations/${first.invitation.id}`)).status).toBe(404);
    expect((await owner.delete(`/api/v1/t/${slug}/invitations/${second.invitation.id}`)).status).toBe(204);
    const revoked = await new Agent().post(`/api/v1/t/${slug}/invitations/accept`, { token: secondToken, name: "V" });
    expect(revoked.status).toBe(400);
    expect(((await revoked.json()) as { detail: string }).detail).toContain("Ask the person who invited you");
  });

  it("refuse someone already on the staff with 409", async () => {
    const { owner, slug, email } = await signUpAndSignIn();
    const response = await owner.post(`/api/v1/t/${slug}/invitations`, { email, role: "viewer" });
    expect(response.status).toBe(409);
  });

  it("validate their input", async () => {
    const { owner, slug } = await signUpAndSignIn();
    const response = await owner.post(`/api/v1/t/${slug}/invitations`, { email: "nope", role: "superuser" });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(["body.email", "body.role"]);
  });
});

describe("the role matrix", () => {
  it("lets owners and admins manage staff and read the audit log; coordinators and viewers may not", async () => {
    const { owner, slug } = await signUpAndSignIn();
    const { member: admin } = await inviteAndAccept(owner, slug, "admin");
    const { member: coordinator } = await inviteAndAccept(owner, slug, "coordinator");
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    const outsider = (await signUpAndSignIn()).owner;

    const roles = { owner, admin, coordinator, viewer, outsider };
    const matrix: Record<string, (agent: Agent) => Promise<Response>> = {
      "list staff": (agent) => agent.get(`/api/v1/t/${slug}/staff`),
      "read audit log": (agent) => agent.get(`/api/v1/t/${slug}/audit`),
      "invite a viewer": (agent) => agent.post(`/api/v1/t/${slug}/invitations`, { email: `m-${crypto.randomUUID().slice(0, 6)}@example.test`, role: "viewer" }),
      "invite an owner": (agent) => agent.post(`/api/v1/t/${slug}/invitations`, { email: `o-${crypto.randomUUID().slice(0, 6)}@example.test`, role: "owner" }),
    };
    const expected: Record<string, Record<keyof typeof roles, number>> = {
      "list staff": { owner: 200, admin: 200, coordinator: 403, viewer: 403, outsider: 404 },
      "read audit log": { owner: 200, admin: 200, coordinator: 403, viewer: 403, outsider: 404 },
      "invite a viewer": { owner: 201, admin: 201, coordinator: 403, viewer: 403, outsider: 404 },
      "invite an owner": { owner: 201, admin: 403, coordinator: 403, viewer: 403, outsider: 404 },
    };
    const actual: Record<string, Record<string, number>> = {};
    for (const [action, call] of Object.entries(matrix)) {
      actual[action] = {};
      for (const [role, agent] of Object.entries(roles)) actual[action][role] = (await call(agent)).status;
    }
    expect(actual).toEqual(expected);

    // Without a session, staff routes ask you to sign in.
    expect((await new Agent().get(`/api/v1/t/${slug}/staff`)).status).toBe(401);
  });
});
