/**
 * Shared pieces of the admin console's program pages (programs.html,
 * program.html, matching.html, relationships.html): who is signed in, program words and labels, status changes,
 * dates, copying to the clipboard and reading files. Builds on lib.js.
 */
import { $, announce, api, clearAnnouncement, el, setBusy } from "./lib.js";

/** Same rule as the API's slugs: lowercase letters, digits and inner hyphens. */
const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * `?tenant=…&program=…` from the page's address, lowercased; an unusable value becomes "".
 * @returns {{ tenant: string, program: string }}
 */
export function pageParams() {
  const params = new URLSearchParams(location.search);
  const read = (/** @type {string} */ name) => {
    const value = (params.get(name) ?? "").trim().toLowerCase();
    return SLUG.test(value) ? value : "";
  };
  return { tenant: read("tenant"), program: read("program") };
}

/** @param {string} tenant */
export const tenantApi = (tenant) => `/api/v1/t/${encodeURIComponent(tenant)}`;
/** @param {string} tenant @param {string} program */
export const programApi = (tenant, program) => `${tenantApi(tenant)}/programs/${encodeURIComponent(program)}`;
/** @param {string} tenant */
export const programsPage = (tenant) => `/programs.html?tenant=${encodeURIComponent(tenant)}`;
/** @param {string} tenant @param {string} program */
export const programPage = (tenant, program) => `/program.html?tenant=${encodeURIComponent(tenant)}&program=${encodeURIComponent(program)}`;
/** @param {string} tenant @param {string} program */
export const matchingPage = (tenant, program) => `/matching.html?tenant=${encodeURIComponent(tenant)}&program=${encodeURIComponent(program)}`;
/** The institution's overview in the web console. @param {string} tenant */
export const overviewPage = (tenant) => `/console/${encodeURIComponent(tenant)}`;

/** @param {string} role */
export const canManagePrograms = (role) => role === "owner" || role === "admin" || role === "coordinator";
/** @param {string} role */
export const canManageSettings = (role) => role === "owner" || role === "admin";

/**
 * @typedef {{ slug: string, name: string, role: string }} Membership
 * @typedef {{ user: { id: string, email: string, name: string }, membership: Membership }} Session
 */

/**
 * Who is signed in, and their role at `tenant`. Shows the name in the header.
 * Signed out: goes to sign in (and back here after). Not a member, or no
 * institution in the address: says so in `region` and resolves to null.
 * @param {string} tenant
 * @param {HTMLElement} region
 * @param {() => void} retry shown as "Try again" when the API could not answer
 * @returns {Promise<Session | null>}
 */
export async function loadSession(tenant, region, retry) {
  if (!tenant) {
    announce(region, [el("p", {}, ["This address doesn't name an institution. ", el("a", { href: "/console/", text: "Open the web console" }), " and choose Programs there."])], "error");
    return null;
  }
  const me = await api("GET", "/api/v1/me");
  if (!me.ok) {
    if (me.status === 401) {
      announce(region, "You're signed out. Taking you to sign in…");
      location.replace(`/sign-in.html?next=${encodeURIComponent(location.pathname + location.search)}`);
      return null;
    }
    const again = el("button", { type: "button", class: "button small", text: "Try again" });
    again.addEventListener("click", retry);
    announce(region, [me.problem.detail ?? "We couldn't load this page.", el("p", {}, [again])], "error");
    return null;
  }
  /** @type {{ user: Session["user"], memberships: Membership[] }} */
  const { user, memberships = [] } = me.data;
  $("header-user-name").textContent = user.name || user.email;
  $("header-user").hidden = false;
  const membership = memberships.find((m) => m.slug === tenant);
  if (!membership) {
    document.title = "Not a member — Tandem";
    announce(
      region,
      [
        el("p", {}, ["You're signed in as ", el("strong", { text: user.email }), `, who has no role at ${tenant}.`]),
        el("p", {}, [
          "Ask the institution's administrator to invite you, or ",
          el("a", { href: `/sign-in.html?next=${encodeURIComponent(location.pathname + location.search)}`, text: "sign in as someone else" }),
          ".",
        ]),
      ],
      "error",
    );
    return null;
  }
  return { user, membership };
}

/**
 * Replaces a program page (matching, pairs) with its failure panel (`failed`,
 * `failed-title`, `failed-detail`, `failed-next`): for what the person cannot
 * fix by trying again.
 * @param {HTMLElement} region @param {string} title @param {string} detail @param {Array<string | Node>} next
 */
export function showPageFailure(region, title, detail, next) {
  clearAnnouncement(region);
  $("failed-title").textContent = title;
  $("failed-detail").textContent = detail;
  $("failed-next").replaceChildren(el("strong", { text: "What to do next: " }), ...next);
  $("failed").hidden = false;
  $("page").hidden = true;
}

/**
 * The start of a staff page about one program: the address must name both,
 * the person must be signed in (else off to sign in) and a member of the
 * institution. Shows the name in the header and the institution crumb.
 * Resolves to the membership, or null once it has said why not (`retry-row`
 * is shown when trying again may help).
 * @param {{ tenant: string, program: string, region: HTMLElement, page: string, openFrom: string, what: string }} options
 *   `page` is the file (e.g. "matching.html"), `openFrom` how to get here ("open matching from the program's page"), `what` the page's subject ("matching").
 * @returns {Promise<{ user: Session["user"], membership: Membership, overview: string } | null>}
 */
export async function loadProgramPageSession({ tenant, program, region, page, openFrom, what }) {
  $("retry-row").hidden = true;
  $("failed").hidden = true;
  announce(region, [el("p", {}, [el("span", { class: "spinner", "aria-hidden": "true" }), ` Loading ${what}…`])]);
  if (!tenant || !program) {
    showPageFailure(region, "Which program?", `This page needs an institution and a program in its address, like ${page}?tenant=harbor&program=peers.`, [
      `${openFrom}, or go to `,
      el("a", { href: "/console/", text: "your institutions" }),
      ".",
    ]);
    return null;
  }
  const me = await api("GET", "/api/v1/me");
  if (!me.ok) {
    if (me.status === 401) {
      announce(region, "You're signed out. Taking you to sign in…");
      location.replace(`/sign-in.html?next=${encodeURIComponent(`${location.pathname}${location.search}`)}`);
      return null;
    }
    announce(region, [me.problem.detail ?? `We couldn't load ${what}.`], "error");
    $("retry-row").hidden = false;
    return null;
  }
  /** @type {{ user: Session["user"], memberships: Membership[] }} */
  const { user, memberships = [] } = me.data;
  $("header-user-name").textContent = user.name || user.email;
  $("header-user").hidden = false;
  const membership = memberships.find((m) => m.slug === tenant);
  if (!membership) {
    showPageFailure(region, "You are not a member of this institution", `You're signed in as ${user.email}, who has no role at ${tenant}.`, [
      "if someone invited you with another email address, ",
      el("a", { href: "/sign-in.html", text: "sign in as someone else" }),
      "; otherwise ask the institution's administrator to invite you.",
    ]);
    return null;
  }
  const overview = overviewPage(tenant);
  $("crumb-institution").textContent = membership.name ?? tenant;
  $("crumb-institution").setAttribute("href", overview);
  return { user, membership, overview };
}

/** The header's Sign out button. @param {HTMLButtonElement} button @param {HTMLElement} region */
export function wireSignOut(button, region) {
  button.addEventListener("click", async () => {
    setBusy(button, true, "Signing out…");
    const result = await api("POST", "/api/v1/auth/sign-out");
    if (result.ok || result.status === 401) {
      location.replace("/sign-in.html");
      return;
    }
    setBusy(button, false);
    announce(region, [result.problem.detail ?? "We couldn't sign you out.", "Please try again."], "error");
  });
}

// ---------------------------------------------------------------- words

/** Program types: what they are called, what they are, and the API's defaults for them. */
export const PROGRAM_TYPES = {
  peer: {
    label: "Peer mentoring",
    description: "Upper-year students guide first-years through their first year.",
    defaults: { mentorCapacity: 3, checkinCadenceDays: 14, guardianConsentUnderAge: null },
  },
  faculty_student: {
    label: "Faculty–student mentoring",
    description: "Faculty guide students through research and career choices.",
    defaults: { mentorCapacity: 2, checkinCadenceDays: 21, guardianConsentUnderAge: null },
  },
  community: {
    label: "Community mentoring",
    description: "Screened volunteer adults from the community or partner businesses mentor young people; minors need a guardian's consent.",
    defaults: { mentorCapacity: 1, checkinCadenceDays: 7, guardianConsentUnderAge: 18 },
  },
};

/** @param {string} type */
export const typeLabel = (type) => PROGRAM_TYPES[/** @type {keyof typeof PROGRAM_TYPES} */ (type)]?.label ?? type;

/** A program's status: its name, and what it means for the coordinator. */
export const PROGRAM_STATUSES = {
  draft: { label: "Draft", meaning: "Not taking applications yet. Check its forms, then open enrollment." },
  enrolling: { label: "Enrolling", meaning: "Its form takes applications. Review them as they come in." },
  matching: { label: "Matching", meaning: "Enrollment is closed while you pair mentors with mentees." },
  active: { label: "Active", meaning: "Pairs are meeting. Keep in touch with them at least monthly." },
  closed: { label: "Closed", meaning: "Finished. Copy it to start the next cohort." },
};

/** @param {string} status */
export const programStatusLabel = (status) => PROGRAM_STATUSES[/** @type {keyof typeof PROGRAM_STATUSES} */ (status)]?.label ?? status;

/** The button that moves a program from `from` to `to`. @param {string} from @param {string} to */
export function moveLabel(from, to) {
  if (to === "enrolling") return from === "matching" ? "Reopen enrollment" : "Open enrollment";
  if (to === "matching") return "Close enrollment and start matching";
  if (to === "active") return "Start the program";
  if (to === "closed") return "Close the program";
  return `Move to ${to}`;
}

export const APPLICATION_STATUSES = {
  pending_consent: "Waiting for consent",
  submitted: "To review",
  approved: "Approved",
  waitlisted: "Waitlisted",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
};

/** @param {string} status */
export const applicationStatusLabel = (status) => APPLICATION_STATUSES[/** @type {keyof typeof APPLICATION_STATUSES} */ (status)] ?? status;

/** @param {number} count @param {string} one @param {string} [many] */
export function plural(count, one, many = `${one}s`) {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}


// ---------------------------------------------------------------- dates

/** "2026-09-01" → "Sep 1, 2026" (a calendar day, not a moment: no time zone shifts it). @param {string | null | undefined} day */
export function formatDay(day) {
  if (!day) return "";
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

/** @param {string | null | undefined} from @param {string | null | undefined} to @param {string} [none] */
export function dayRange(from, to, none = "No dates yet") {
  if (from && to) return `${formatDay(from)} – ${formatDay(to)}`;
  if (from) return `From ${formatDay(from)}`;
  if (to) return `Until ${formatDay(to)}`;
  return none;
}

/** The day of a moment, as the reader's calendar shows it. @param {string} iso */
export function formatMoment(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium" }).format(date);
}

// ---------------------------------------------------------------- status changes

/**
 * One button per status the program may move to (as the API lists them).
 * Closing asks first, in place. On a 409 (someone moved it meanwhile) the API's
 * message is shown and the program reloaded, so the buttons are right again.
 * @param {{ tenant: string, program: any, region: HTMLElement, onChange: (program: any) => void }} options
 * @returns {HTMLElement}
 */
export function statusButtons({ tenant, program, region, onChange }) {
  const box = el("div", { class: "actions status-actions" });
  const wrapper = el("div", { class: "status-control" }, [box]);
  const moves = /** @type {string[]} */ (program.allowedNextStatuses ?? []);

  /** @param {string} to @param {HTMLButtonElement} button */
  const move = async (to, button) => {
    setBusy(button, true, "Saving…");
    announce(region, `${moveLabel(program.status, to)}: saving…`);
    const result = await api("POST", `${programApi(tenant, program.slug)}/status`, { status: to });
    if (result.ok) {
      const changed = result.data.program;
      announce(region, `${changed.name} is now ${programStatusLabel(changed.status).toLowerCase()}. ${PROGRAM_STATUSES[/** @type {keyof typeof PROGRAM_STATUSES} */ (changed.status)]?.meaning ?? ""}`, "success");
      onChange(changed);
      return;
    }
    setBusy(button, false);
    if (result.status === 409) {
      // The program changed since the page showed it: say what the API said, then show it as it is now.
      const fresh = await api("GET", programApi(tenant, program.slug));
      announce(region, [result.problem.detail ?? "That change isn't allowed now.", "The buttons below now show what is possible."], "error");
      if (fresh.ok) onChange(fresh.data.program);
      return;
    }
    announce(region, [result.problem.detail ?? "We couldn't change the status.", "Please try again."], "error");
  };

  /** @param {HTMLButtonElement} closeButton */
  const confirmClose = (closeButton) => {
    const questionId = `close-question-${program.slug}`;
    const question = el("p", { id: questionId, class: "confirm-text", text: `Close ${program.name}? A closed program can't be reopened; copy it to start the next cohort.` });
    const yes = /** @type {HTMLButtonElement} */ (el("button", { type: "button", class: "button danger small", "aria-describedby": questionId, text: "Yes, close it" }));
    const no = el("button", { type: "button", class: "button secondary small", text: "Keep it open" });
    const confirm = el("div", { class: "confirm", role: "group", "aria-label": `Confirm closing ${program.name}` }, [question, el("div", { class: "actions" }, [yes, no])]);
    closeButton.hidden = true;
    wrapper.append(confirm);
    yes.addEventListener("click", () => void move("closed", yes));
    no.addEventListener("click", () => {
      confirm.remove();
      closeButton.hidden = false;
      closeButton.focus();
    });
    no.focus();
  };

  for (const to of moves) {
    const label = moveLabel(program.status, to);
    const button = /** @type {HTMLButtonElement} */ (
      el("button", { type: "button", class: `button small${to === "closed" ? " danger" : ""}`, "aria-label": `${label}: ${program.name}`, "data-move": to, text: to === "closed" ? `${label}…` : label })
    );
    button.addEventListener("click", () => (to === "closed" ? confirmClose(button) : void move(to, button)));
    box.append(button);
  }
  return wrapper;
}

// ---------------------------------------------------------------- browser helpers

/** @template {(...args: any[]) => void} T @param {T} fn @param {number} ms */
export function debounce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return (/** @type {Parameters<T>} */ ...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * Puts text on the clipboard; false when the browser refuses (then the caller
 * selects the text and asks the person to press Ctrl+C or ⌘C).
 * @param {string} text
 */
export async function copyText(text) {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A chosen file's text. @param {File} file @returns {Promise<string>} */
export function readFileText(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener("load", () => resolve(String(reader.result ?? "")));
    reader.addEventListener("error", () => reject(reader.error ?? new Error("unreadable")));
    reader.readAsText(file, "utf-8");
  });
}

/**
 * A table in a region that scrolls sideways on narrow screens; the region is
 * focusable (so keyboard users can scroll it) and named by the table's caption.
 * @param {HTMLTableElement} table
 */
export function scrollable(table) {
  const caption = table.querySelector("caption");
  if (caption && !caption.id) caption.id = `${table.id || `t${Math.random().toString(36).slice(2)}`}-caption`;
  return el("div", { class: "table-scroll", role: "region", tabindex: "0", ...(caption ? { "aria-labelledby": caption.id } : {}) }, [table]);
}
