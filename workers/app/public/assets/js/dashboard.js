/**
 * The institution dashboard, served for /t/<slug>: who you are here, what to do
 * next and, for owners and admins, the staff list with invitations.
 */
import { $, announce, api, clearAnnouncement, clearFieldError, el, roleLabel, setBusy, showProblem, validateForm } from "./lib.js";

const region = $("status");
const staffRegion = $("staff-status");
const retryRow = $("retry-row");

/** The slug from /t/<slug>(/…); undefined when the page is opened some other way. */
function slugFromPath() {
  const match = /^\/t\/([^/]+)/.exec(location.pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]).toLowerCase();
  } catch {
    return undefined;
  }
}

const slug = slugFromPath();
const apiBase = slug ? `/api/v1/t/${encodeURIComponent(slug)}` : "";

/** @typedef {{ slug: string, name: string, role: string }} Membership */

/** @param {string} iso */
function formatDate(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/** A list of institutions the person belongs to, as links. @param {Membership[]} memberships */
function membershipList(memberships) {
  if (memberships.length === 0) {
    return el("p", {}, [
      "You aren't a member of any institution yet. ",
      el("a", { href: "/signup.html", text: "Sign up your institution" }),
      " or ask its administrator to invite you.",
    ]);
  }
  return el(
    "ul",
    { class: "people" },
    memberships.map((m) =>
      el("li", {}, [
        el("a", { href: `/t/${encodeURIComponent(m.slug)}`, class: "person-name", text: m.name }),
        el("span", { class: "badge", text: roleLabel(m.role) }),
      ]),
    ),
  );
}

// ---------------------------------------------------------------- sign out
const signOut = /** @type {HTMLButtonElement} */ ($("sign-out"));
signOut.addEventListener("click", async () => {
  setBusy(signOut, true, "Signing out…");
  announce(region, "Signing you out…");
  const result = await api("POST", "/api/v1/auth/sign-out");
  // Already signed out (401) is as good as signed out.
  if (result.ok || result.status === 401) {
    location.replace("/sign-in.html");
    return;
  }
  setBusy(signOut, false);
  announce(region, [result.problem.detail ?? "We couldn't sign you out.", "Please try again."], "error");
});

// ---------------------------------------------------------------- staff
/** @type {{ id: string, email: string, role: string, status?: string, expiresAt: string }[]} */
let pending = [];
let myUserId = "";

/** @param {{ userId: string, name: string, email: string, role: string }[]} members */
function renderMembers(members) {
  const list = $("members");
  list.replaceChildren(
    ...members.map((member) =>
      el("li", {}, [
        el("div", { class: "person" }, [
          el("div", { class: "person-name", text: member.userId === myUserId ? `${member.name} (you)` : member.name }),
          el("div", { class: "person-meta", text: member.email }),
        ]),
        el("span", { class: "badge", text: roleLabel(member.role) }),
      ]),
    ),
  );
  const others = members.filter((member) => member.userId !== myUserId);
  $("members-empty").hidden = others.length > 0;
}

function renderInvitations() {
  const list = $("invitations");
  list.replaceChildren(
    ...pending.map((invitation) => {
      const revoke = el("button", { type: "button", class: "button danger small", "aria-label": `Revoke the invitation to ${invitation.email}`, text: "Revoke" });
      revoke.addEventListener("click", () => void revokeInvitation(invitation, /** @type {HTMLButtonElement} */ (revoke)));
      return el("li", { "data-invitation-id": invitation.id }, [
        el("div", { class: "person" }, [
          el("div", { class: "person-name", text: invitation.email }),
          el("div", { class: "person-meta" }, ["Expires ", el("time", { datetime: invitation.expiresAt, text: formatDate(invitation.expiresAt) })]),
        ]),
        el("div", { class: "person-end" }, [el("span", { class: "badge", text: roleLabel(invitation.role) }), revoke]),
      ]);
    }),
  );
  $("invitations-empty").hidden = pending.length > 0;
}

/** @param {{ id: string, email: string }} invitation @param {HTMLButtonElement} button */
async function revokeInvitation(invitation, button) {
  setBusy(button, true, "Revoking…");
  const result = await api("DELETE", `${apiBase}/invitations/${encodeURIComponent(invitation.id)}`);
  if (!result.ok && result.status !== 404) {
    setBusy(button, false);
    announce(staffRegion, [result.problem.detail ?? "We couldn't revoke that invitation.", "Please try again."], "error");
    return;
  }
  const index = pending.findIndex((item) => item.id === invitation.id);
  pending = pending.filter((item) => item.id !== invitation.id);
  renderInvitations();
  announce(staffRegion, `Invitation to ${invitation.email} revoked. The link in their email no longer works.`, "success");
  // Keep keyboard focus nearby: the next Revoke button, or the invite form.
  const buttons = /** @type {HTMLButtonElement[]} */ ([...$("invitations").querySelectorAll("button")]);
  (buttons[Math.min(index, buttons.length - 1)] ?? $("invite-email")).focus();
}

async function loadStaff() {
  const result = await api("GET", `${apiBase}/staff`);
  if (!result.ok) {
    announce(staffRegion, [result.problem.detail ?? "We couldn't load your staff list.", "Reload the page to try again."], "error");
    return;
  }
  renderMembers(result.data?.members ?? []);
  pending = (result.data?.invitations ?? []).filter((/** @type {{ status?: string }} */ invitation) => !invitation.status || invitation.status === "pending");
  renderInvitations();
}

const inviteForm = /** @type {HTMLFormElement} */ ($("invite-form"));
const inviteEmail = /** @type {HTMLInputElement} */ ($("invite-email"));
const inviteRole = /** @type {HTMLSelectElement} */ ($("invite-role"));
const inviteSubmit = /** @type {HTMLButtonElement} */ ($("invite-submit"));
inviteEmail.addEventListener("input", () => clearFieldError(inviteEmail));
inviteRole.addEventListener("change", () => clearFieldError(inviteRole));

inviteForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!validateForm(inviteForm, staffRegion)) return;
  const email = inviteEmail.value;
  setBusy(inviteSubmit, true, "Sending…");
  announce(staffRegion, `Sending an invitation to ${email}…`);
  const result = await api("POST", `${apiBase}/invitations`, { email, role: inviteRole.value });
  setBusy(inviteSubmit, false);
  if (!result.ok) {
    showProblem(inviteForm, staffRegion, result.problem, { fallbackField: result.status === 409 ? inviteEmail : undefined });
    return;
  }
  const invitation = result.data?.invitation ?? { id: "", email, role: inviteRole.value, expiresAt: "" };
  pending = [...pending.filter((item) => item.id !== invitation.id), invitation];
  renderInvitations();
  announce(staffRegion, `Invitation sent to ${invitation.email}.`, "success");
  inviteEmail.value = "";
  inviteEmail.focus();
});

// ---------------------------------------------------------------- the page
/**
 * What each role does next; the first step links to the programs.
 * @param {string} role
 * @returns {Array<Array<string | Node>>}
 */
function nextSteps(role) {
  const programs = (/** @type {string} */ text) => el("a", { href: `/programs.html?tenant=${encodeURIComponent(slug ?? "")}`, text });
  const manage = role === "owner" || role === "admin";
  if (manage) {
    return [
      ["Create your first program and put its enrollment form on your website — under ", programs("Programs"), "."],
      ["Invite the coordinators who will run your programs day to day — use the form under Staff."],
      ["Invite a viewer for leadership or your funder's liaison, so they can read reports."],
    ];
  }
  if (role === "coordinator") {
    return [
      ["Create a program, review its applications and import participants — under ", programs("Programs"), "."],
      ["Questions about your access? Ask your institution's administrator."],
    ];
  }
  return [["See the institution's ", programs("programs"), "; reports will appear once they are running."], ["Questions about your access? Ask your institution's administrator."]];
}

async function load() {
  retryRow.hidden = true;
  announce(region, "Loading your dashboard…");
  const me = await api("GET", "/api/v1/me");
  if (!me.ok) {
    if (me.status === 401) {
      announce(region, "You're signed out. Taking you to sign in…");
      // After signing in, the emailed link brings them back here.
      location.replace(`/sign-in.html?next=${encodeURIComponent(location.pathname)}`);
      return;
    }
    announce(region, [me.problem.detail ?? "We couldn't load your dashboard."], "error");
    retryRow.hidden = false;
    return;
  }
  /** @type {{ user: { id: string, email: string, name: string }, memberships: Membership[] }} */
  const { user, memberships = [] } = me.data;
  myUserId = user.id;
  $("header-user-name").textContent = user.name || user.email;
  $("header-user").hidden = false;

  if (!slug) {
    clearAnnouncement(region);
    $("chooser-list").replaceChildren(membershipList(memberships));
    $("chooser").hidden = false;
    return;
  }

  const membership = memberships.find((m) => m.slug === slug);
  if (!membership) {
    clearAnnouncement(region);
    document.title = "Not a member — Tandem";
    $("not-member-user").textContent = user.email;
    $("not-member-slug").textContent = `/t/${slug}`;
    if (memberships.length > 0) {
      $("not-member-list").replaceChildren(el("h2", { text: "Your institutions" }), membershipList(memberships));
    }
    $("not-member").hidden = false;
    return;
  }

  document.title = `${membership.name} — Tandem`;
  $("institution-name").textContent = membership.name;
  $("me-name").textContent = user.name;
  $("me-email").textContent = `(${user.email})`;
  $("my-role").textContent = roleLabel(membership.role);
  $("next-steps").replaceChildren(...nextSteps(membership.role).map((parts) => el("li", {}, parts)));
  $("programs-link").setAttribute("href", `/programs.html?tenant=${encodeURIComponent(slug)}`);
  $("console-link").setAttribute("href", `/console/${encodeURIComponent(slug)}`);
  const others = memberships.filter((m) => m.slug !== slug);
  if (others.length > 0) {
    $("others-list").replaceChildren(membershipList(others));
    $("others").hidden = false;
  }

  const manageStaff = membership.role === "owner" || membership.role === "admin";
  if (manageStaff) {
    // Only owners make owners.
    for (const option of inviteRole.querySelectorAll("option[data-owner-only]")) {
      if (membership.role !== "owner") option.remove();
    }
    $("staff").hidden = false;
    await loadStaff();
  } else {
    $("staff").remove();
  }
  clearAnnouncement(region);
  $("dashboard").hidden = false;
}

$("retry").addEventListener("click", () => void load());
void load();
