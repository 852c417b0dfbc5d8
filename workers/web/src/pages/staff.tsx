/**
 * `/console/:tenant/staff` (owners and admins): who works at the institution and
 * with which role, the invitations still waiting to be accepted (each can be
 * revoked), and a form to invite someone by email. Only owners may invite owners.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiProblem, unwrap } from "../api.js";
import { describedBy, FieldError, sentence } from "../components/fields.js";
import { type Membership, TenantPage } from "../components/gates.js";
import { Announce, EmptyState, Loading, ProblemPanel } from "../components/status.js";
import { asProblem, useLoad, usePageTitle } from "../hooks.js";
import { canManageStaff, type Role, roleLabel, useSession } from "../session.js";

type StaffList = Awaited<ReturnType<typeof loadStaff>>;
type Member = StaffList["members"][number];
type Invitation = { id: string; email: string; role: Role; expiresAt: string };

async function loadStaff(tenant: string) {
  return unwrap(api.staff.api.v1.t[":slug"].staff.$get({ param: { slug: tenant } }));
}

/** What each role may do, said where the role is chosen. */
const ROLE_MEANINGS: Record<Role, string> = {
  owner: "Everything an admin does, and may invite other owners.",
  admin: "Manages staff, settings and every program.",
  coordinator: "Runs programs day to day: applications, matching and pairs.",
  viewer: "Reads programs' analytics and reports; changes nothing.",
};

const WITH_ARTICLE: Record<Role, string> = { owner: "an owner", admin: "an admin", coordinator: "a coordinator", viewer: "a viewer" };

/** Only owners make owners (as the API enforces). */
const invitableRoles = (role: Role): Role[] => (role === "owner" ? ["owner", "admin", "coordinator", "viewer"] : ["admin", "coordinator", "viewer"]);

function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

type Status = { message: string; tone?: "success" | "error" } | null;

function Members({ members, me }: { members: Member[]; me: string }) {
  const others = members.filter((member) => member.userId !== me);
  return (
    <section class="card" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <ul class="people" aria-labelledby="members-title">
        {members.map((member) => (
          <li key={member.userId}>
            <div class="person">
              <div class="person-name">{member.name || member.email}</div>
              {member.name && <div class="person-meta">{member.email}</div>}
            </div>
            <div class="person-end">
              {member.userId === me && <span class="badge badge-you">You</span>}
              <span class="badge">{roleLabel(member.role)}</span>
            </div>
          </li>
        ))}
      </ul>
      {others.length === 0 && (
        <EmptyState title="No one else yet.">
          <p>Invite the coordinators who will run your programs day to day with the form below. They join from the link in their email.</p>
        </EmptyState>
      )}
    </section>
  );
}

function Invitations({
  tenant,
  invitations,
  onRevoked,
  onGone,
}: {
  tenant: string;
  invitations: Invitation[];
  onRevoked: (invitation: Invitation) => void;
  onGone: (invitation: Invitation) => void;
}) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (confirming) document.getElementById("invitation-confirm-revoke")?.focus();
  }, [confirming]);

  function keep(id: string) {
    setConfirming(null);
    requestAnimationFrame(() => document.getElementById(`invitation-revoke-${id}`)?.focus());
  }

  /** After a row goes: focus the next row's Revoke button, else the one before, else the invite form. */
  function focusAfterRemoving(id: string) {
    const index = invitations.findIndex((invitation) => invitation.id === id);
    const rest = invitations.filter((invitation) => invitation.id !== id);
    const next = rest[index] ?? rest[index - 1];
    requestAnimationFrame(() => document.getElementById(next ? `invitation-revoke-${next.id}` : "invite-email")?.focus());
  }

  async function revoke(invitation: Invitation) {
    setBusy(true);
    setStatus(null);
    try {
      await unwrap(api.staff.api.v1.t[":slug"].invitations[":id"].$delete({ param: { slug: tenant, id: invitation.id } }));
      setConfirming(null);
      focusAfterRemoving(invitation.id);
      onRevoked(invitation);
      setStatus({ message: `Revoked the invitation to ${invitation.email}. The link in their email no longer works.`, tone: "success" });
    } catch (caught) {
      const problem = asProblem(caught);
      if (problem.status === 404) {
        // Accepted, expired or revoked elsewhere meanwhile: the list was out of date.
        setConfirming(null);
        focusAfterRemoving(invitation.id);
        onGone(invitation);
        setStatus({ message: `The invitation to ${invitation.email} was no longer pending: it was accepted, expired or revoked meanwhile. The lists are up to date now.` });
      } else {
        setStatus({ message: `We couldn't revoke the invitation to ${invitation.email}: ${problem.detail}`, tone: "error" });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="invitations-title">
      <h2 id="invitations-title">Pending invitations</h2>
      {invitations.length === 0 ? (
        <EmptyState title="No pending invitations.">
          <p>Invitations you send appear here until they are accepted. Each works once and expires after 7 days; send a new one if it does.</p>
        </EmptyState>
      ) : (
        <ul class="people invitation-list" aria-labelledby="invitations-title">
          {invitations.map((invitation) => (
            <li key={invitation.id} data-invitation-id={invitation.id}>
              <div class="person">
                <div class="person-name">{invitation.email}</div>
                <div class="person-meta">
                  Expires <time dateTime={invitation.expiresAt}>{formatDate(invitation.expiresAt)}</time>
                </div>
              </div>
              <div class="person-end">
                <span class="badge">{roleLabel(invitation.role)}</span>
                {confirming !== invitation.id && (
                  <button id={`invitation-revoke-${invitation.id}`} class="button secondary small" type="button" onClick={() => setConfirming(invitation.id)}>
                    Revoke<span class="sr-only"> the invitation to {invitation.email}</span>
                  </button>
                )}
              </div>
              {confirming === invitation.id && (
                <div class="confirm invitation-confirm" role="group" aria-labelledby={`confirm-${invitation.id}`}>
                  <p class="confirm-text" id={`confirm-${invitation.id}`}>
                    Revoke the invitation to {invitation.email}? The link in their email will stop working.
                  </p>
                  <div class="actions">
                    <button id="invitation-confirm-revoke" class="button danger" type="button" disabled={busy} onClick={() => revoke(invitation)}>
                      {busy ? "Revoking…" : "Revoke invitation"}
                    </button>
                    <button class="button secondary" type="button" onClick={() => keep(invitation.id)}>
                      Keep it
                    </button>
                  </div>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <Announce message={status?.message ?? null} tone={status?.tone} />
    </section>
  );
}

function InviteForm({ membership, onInvited }: { membership: Membership; onInvited: (invitation: Invitation) => void }) {
  const roles = invitableRoles(membership.role);
  const [status, setStatus] = useState<Status>(null);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("coordinator");
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const roleRef = useRef<HTMLSelectElement>(null);

  // The API names the field (400); "already staff" (409) is about the address, "you cannot invite an owner" (403) about the role.
  const emailError = problem ? (sentence("Email address", problem.fieldError("body.email")) ?? (problem.status === 409 ? problem.detail : undefined)) : undefined;
  const roleError = problem ? (sentence("Role", problem.fieldError("body.role")) ?? (problem.status === 403 ? problem.detail : undefined)) : undefined;

  async function invite(event: Event) {
    event.preventDefault();
    setStatus(null);
    if (!email.trim()) {
      setProblem(new ApiProblem(400, "Missing email", "Enter the email address of the person to invite.", [{ path: "body.email", message: "Enter the email address of the person to invite." }]));
      emailRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const { invitation } = await unwrap(api.staff.api.v1.t[":slug"].invitations.$post({ param: { slug: membership.slug }, json: { email, role } }));
      setProblem(null);
      setEmail("");
      onInvited(invitation);
      setStatus({ message: `Invitation sent to ${invitation.email} as ${WITH_ARTICLE[invitation.role]}. It's listed under Pending invitations until they join.`, tone: "success" });
      emailRef.current?.focus();
    } catch (caught) {
      const failed = asProblem(caught);
      setProblem(failed);
      const onEmail = failed.fieldError("body.email") !== undefined || failed.status === 409;
      const onRole = failed.fieldError("body.role") !== undefined || failed.status === 403;
      if (onEmail) emailRef.current?.focus();
      else if (onRole) roleRef.current?.focus();
      else setStatus({ message: `The invitation wasn't sent: ${failed.detail}`, tone: "error" });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <form onSubmit={invite} noValidate aria-labelledby="invite-title">
        <div class="row two">
          <div class="field">
            <label for="invite-email">Email address</label>
            <input
              id="invite-email"
              ref={emailRef}
              type="email"
              autocomplete="off"
              spellcheck={false}
              value={email}
              onInput={(event) => {
                setEmail(event.currentTarget.value);
                if (emailError) setProblem(null);
              }}
              aria-invalid={emailError ? "true" : undefined}
              aria-describedby={describedBy("invite-email-hint", emailError && "invite-email-error")}
            />
            <span id="invite-email-hint" class="hint">
              They'll get an email with a link to join {membership.name}. It works once, for 7 days.
            </span>
            <FieldError id="invite-email-error" message={emailError} />
          </div>
          <div class="field">
            <label for="invite-role">Role</label>
            <select
              id="invite-role"
              ref={roleRef}
              value={role}
              onChange={(event) => {
                setRole(event.currentTarget.value as Role);
                if (roleError) setProblem(null);
              }}
              aria-invalid={roleError ? "true" : undefined}
              aria-describedby={describedBy("invite-role-hint", roleError && "invite-role-error")}
            >
              {roles.map((option) => (
                <option key={option} value={option}>
                  {roleLabel(option)}
                </option>
              ))}
            </select>
            <span id="invite-role-hint" class="hint">
              {ROLE_MEANINGS[role]}
              {membership.role !== "owner" && " Only owners can invite another owner."}
            </span>
            <FieldError id="invite-role-error" message={roleError} />
          </div>
        </div>
        <div class="actions">
          <button class="button" type="submit" disabled={busy}>
            {busy ? "Sending…" : "Send invitation"}
          </button>
        </div>
      </form>
      <Announce message={status?.message ?? null} tone={status?.tone} />
    </section>
  );
}

function StaffLists({ membership, initial }: { membership: Membership; initial: StaffList }) {
  const me = useSession().user.id;
  const [members, setMembers] = useState(initial.members);
  const [invitations, setInvitations] = useState<Invitation[]>(initial.invitations);

  /** The lists again, without a loading state (after finding one out of date). */
  async function refresh() {
    try {
      const fresh = await loadStaff(membership.slug);
      setMembers(fresh.members);
      setInvitations(fresh.invitations);
    } catch {
      // The lists stay as they were; the next action or a reload says more.
    }
  }

  return (
    <>
      <Members members={members} me={me} />
      <Invitations
        tenant={membership.slug}
        invitations={invitations}
        onRevoked={(gone) => setInvitations((current) => current.filter((invitation) => invitation.id !== gone.id))}
        onGone={(gone) => {
          setInvitations((current) => current.filter((invitation) => invitation.id !== gone.id));
          void refresh();
        }}
      />
      <InviteForm
        membership={membership}
        // The API replaces a pending invitation to the same address: the newest is listed first, once.
        onInvited={(sent) => setInvitations((current) => [sent, ...current.filter((invitation) => invitation.id !== sent.id && invitation.email !== sent.email)])}
      />
    </>
  );
}

function StaffPage({ membership }: { membership: Membership }) {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(`Staff: ${membership.name}`, heading);
  const allowed = canManageStaff(membership.role);
  const staff = useLoad(() => (allowed ? loadStaff(membership.slug) : Promise.resolve(null)), [membership.slug, allowed]);

  if (!allowed) {
    return (
      <>
        <h1 ref={heading} tabIndex={-1}>
          Staff
        </h1>
        <div class="card">
          <h2>Only owners and admins manage staff</h2>
          <p>
            You're {WITH_ARTICLE[membership.role]} at {membership.name}. To invite someone, change who has access or revoke an
            invitation, ask one of your institution's owners or admins — or ask them for the admin role.
          </p>
        </div>
      </>
    );
  }
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Staff
      </h1>
      <p class="lead">
        The people who run the mentoring programs at {membership.name}. Admins manage staff and settings, coordinators run programs day to day, and viewers read reports.
      </p>
      {staff.state === "loading" && <Loading what="your staff" />}
      {staff.state === "failed" && <ProblemPanel problem={staff.problem} retry={staff.reload} />}
      {staff.state === "ready" && staff.data && <StaffLists membership={membership} initial={staff.data} />}
    </>
  );
}

export default function Staff({ tenant }: { tenant: string }) {
  return <TenantPage key={tenant} tenant={tenant}>{(membership) => <StaffPage membership={membership} />}</TenantPage>;
}
