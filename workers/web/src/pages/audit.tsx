/**
 * `/console/:tenant/audit` (owners and admins): who changed what, newest first,
 * a page at a time ("Load older changes"), optionally starting before a date.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { api, unwrap } from "../api.js";
import { type Membership, TenantPage } from "../components/gates.js";
import { Announce, EmptyState, Loading, ProblemPanel } from "../components/status.js";
import { asProblem, type Loaded, usePageTitle } from "../hooks.js";
import { useSession } from "../session.js";
import type { ApiProblem } from "../api.js";

type AuditEvent = Awaited<ReturnType<typeof loadPage>>[number];

async function loadPage(tenant: string, limit: number, before?: string) {
  const query: { limit: string; before?: string } = { limit: String(limit) };
  if (before) query.before = before;
  return (await unwrap(api.audit.api.v1.t[":slug"].audit.$get({ param: { slug: tenant }, query }))).events;
}

const ACTIONS: Record<string, string> = {
  "institution.created": "Signed up the institution",
  "institution.settings_updated": "Changed settings",
  "domain.added": "Added a domain",
  "domain.removed": "Removed a domain",
  "invitation.created": "Invited staff",
  "invitation.revoked": "Revoked an invitation",
  "invitation.accepted": "Accepted an invitation",
  "membership.created": "Joined as staff",
  "program.created": "Created a program",
  "program.updated": "Changed a program",
  "program.copied": "Copied a program",
  "program.status_changed": "Changed a program's status",
  "program.coordinators_set": "Set a program's coordinators",
  "program.matches_completed": "Completed a program's matches",
  "program.relationship_settings_saved": "Changed survey and check-in settings",
  "form.saved": "Saved an enrollment form",
  "application.submitted": "Applied",
  "application.resubmitted": "Applied again",
  "application.edited": "Changed an application",
  "application.withdrawn": "Withdrew an application",
  "application.guardian_consented": "Guardian consented",
  "applications.imported": "Imported applications",
  "consent.requested": "Asked guardians for consent",
  "matching.settings_saved": "Changed matching settings",
  "matching.run_started": "Ran matching",
  "matching.run_adjusted": "Adjusted a matching proposal",
  "matching.run_approved": "Approved matches",
  "matching.run_discarded": "Discarded a matching proposal",
  "match.created": "Created a match",
  "match.closed": "Closed a match",
  "outcomes.imported": "Imported academic outcomes",
  "outcomes.deleted": "Deleted academic outcomes",
};

const ENTITY_TYPES: Record<string, string> = {
  institution: "Institution",
  domain: "Domain",
  program: "Program",
  program_form: "Enrollment form",
  application: "Application",
  invitation: "Invitation",
  membership: "Staff membership",
  match: "Match",
  matching_run: "Matching run",
  match_request: "Match request",
  checkin: "Check-in",
  goal: "Goal",
  reminder_recipient: "Reminder recipient",
};

const FIELD_NAMES: Record<string, string> = {
  name: "Name",
  brandColor: "Brand color",
  logoUrl: "Logo",
  timezone: "Time zone",
  allowedEmbedOrigins: "Websites that may embed forms",
  turnstileEnabled: "Turnstile on",
  turnstileSiteKey: "Turnstile site key",
  turnstileSecretSet: "Turnstile secret key stored",
  hostname: "Domain",
  status: "Status",
  role: "Role",
  email: "Email",
};

/** "career_goals" → "Career goals"; "brandColor" → "Brand color". */
const words = (key: string) => {
  const text = key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[._]/g, " ").toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
};

function actionLabel(action: string): string {
  return ACTIONS[action] ?? words(action);
}

const short = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text);

function value(item: unknown): string {
  if (item === null || item === undefined || item === "") return "none";
  if (typeof item === "boolean") return item ? "yes" : "no";
  if (Array.isArray(item)) return item.length === 0 ? "none" : item.map(value).join(", ");
  if (typeof item === "object") {
    return short(JSON.stringify(item));
  }
  return short(String(item));
}

interface FormQuestion {
  key: string;
  label?: string;
}
const questionsOf = (definition: Record<string, unknown> | null): FormQuestion[] =>
  Array.isArray(definition?.questions) ? (definition.questions as FormQuestion[]).filter((question) => typeof question?.key === "string") : [];

/** What changed, in short lines a person reads. */
function details(event: AuditEvent): string[] {
  if (event.action === "form.saved") {
    const before = questionsOf(event.before);
    const after = questionsOf(event.after);
    const beforeKeys = new Set(before.map((question) => question.key));
    const afterKeys = new Set(after.map((question) => question.key));
    const added = after.filter((question) => !beforeKeys.has(question.key)).map((question) => question.label ?? question.key);
    const removed = before.filter((question) => !afterKeys.has(question.key)).map((question) => question.label ?? question.key);
    const lines = [`${after.length} ${after.length === 1 ? "question" : "questions"}${event.before ? ` (was ${before.length})` : " (first saved version)"}`];
    if (event.before && added.length) lines.push(`Added: ${added.join(", ")}`);
    if (removed.length) lines.push(`Removed: ${removed.join(", ")}`);
    return lines;
  }
  const keys = [...new Set([...Object.keys(event.after ?? {}), ...Object.keys(event.before ?? {})])];
  if (keys.length === 0) return [];
  const shown = 4;
  const lines = keys.slice(0, shown).map((key) => {
    const name = FIELD_NAMES[key] ?? words(key);
    const was = event.before && key in event.before ? event.before[key] : undefined;
    const now = event.after && key in event.after ? event.after[key] : undefined;
    if (event.before && event.after) return `${name}: ${value(was)} → ${value(now)}`;
    return `${name}: ${value(event.after ? now : was)}`;
  });
  if (keys.length > shown) lines.push(`and ${keys.length - shown} more ${keys.length - shown === 1 ? "setting" : "settings"}`);
  return lines;
}

function target(event: AuditEvent, institution: string): string {
  if (event.entityType === "institution") return institution;
  if (event.entityType === "domain") return event.entityId;
  if (event.entityType === "program_form") {
    const role = event.entityId.split(":")[1];
    return role === "mentor" ? "Mentor form" : role === "mentee" ? "Mentee form" : "Enrollment form";
  }
  const type = ENTITY_TYPES[event.entityType] ?? words(event.entityType);
  // Programs and the like carry their name in the change; otherwise the id's start tells rows apart.
  const name = [event.after?.name, event.before?.name].find((candidate): candidate is string => typeof candidate === "string" && candidate !== "");
  return name ? `${type}: ${name}` : `${type} ${event.entityId.slice(0, 8)}`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

interface Filters {
  before: string;
  limit: number;
}

function AuditLog({ membership }: { membership: Membership }) {
  const session = useSession();
  const tenant = membership.slug;
  const [filters, setFilters] = useState<Filters>({ before: "", limit: 50 });
  const [beforeInput, setBeforeInput] = useState("");
  const [limitInput, setLimitInput] = useState("50");
  const [loaded, setLoaded] = useState<Loaded<AuditEvent[]>>({ state: "loading" });
  const [more, setMore] = useState<{ busy: boolean; done: boolean; problem: ApiProblem | null }>({ busy: false, done: false, problem: null });
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [status, setStatus] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const firstNew = useRef<string | null>(null);
  /** Counts the loads of a first page (new filters, Try again): an older page that arrives after one belongs to the list before, and is dropped. */
  const generation = useRef(0);

  // Staff names for the "Who" column; without them the log still reads (with "A staff member").
  useEffect(() => {
    unwrap(api.staff.api.v1.t[":slug"].staff.$get({ param: { slug: tenant } })).then(
      (staff) => setNames(new Map(staff.members.map((member) => [member.userId, member.name ? `${member.name} (${member.email})` : member.email]))),
      () => undefined,
    );
  }, [tenant]);

  useEffect(() => {
    let current = true;
    generation.current++;
    setLoaded({ state: "loading" });
    setMore({ busy: false, done: false, problem: null });
    // A date means "before the start of that day" where the reader is.
    const before = filters.before ? new Date(`${filters.before}T00:00:00`).toISOString() : undefined;
    loadPage(tenant, filters.limit, before).then(
      (events) => {
        if (!current) return;
        setLoaded({ state: "ready", data: events });
        setMore({ busy: false, done: events.length < filters.limit, problem: null });
      },
      (error: unknown) => current && setLoaded({ state: "failed", problem: asProblem(error) }),
    );
    return () => {
      current = false;
    };
  }, [tenant, filters, attempt]);

  useEffect(() => {
    if (!firstNew.current) return;
    document.getElementById(`audit-row-${firstNew.current}`)?.focus();
    firstNew.current = null;
  });

  async function loadOlder() {
    if (loaded.state !== "ready" || loaded.data.length === 0) return;
    const events = loaded.data;
    const last = events[events.length - 1];
    const started = generation.current;
    setMore({ busy: true, done: false, problem: null });
    try {
      // One millisecond later than the oldest shown, so events sharing its time are not skipped; those already shown are dropped.
      const cursor = new Date(new Date(last.createdAt).getTime() + 1).toISOString();
      const page = await loadPage(tenant, filters.limit, cursor);
      // The filters changed (or the list was reloaded) meanwhile: this page belongs to a list no longer shown.
      if (started !== generation.current) return;
      const seen = new Set(events.map((event) => event.id));
      const fresh = page.filter((event) => !seen.has(event.id));
      const done = page.length < filters.limit || fresh.length === 0;
      setLoaded({ state: "ready", data: [...events, ...fresh] });
      setMore({ busy: false, done, problem: null });
      if (fresh.length > 0) firstNew.current = fresh[0].id;
      setStatus(fresh.length === 0 ? "There are no older changes." : `Loaded ${fresh.length} older ${fresh.length === 1 ? "change" : "changes"}${done ? "; that's the start of the log." : "."}`);
    } catch (error) {
      if (started === generation.current) setMore({ busy: false, done: false, problem: asProblem(error) });
    }
  }

  function apply(event: Event) {
    event.preventDefault();
    setStatus(null);
    setFilters({ before: beforeInput, limit: Number(limitInput) || 50 });
  }

  function reset() {
    setBeforeInput("");
    setLimitInput("50");
    setStatus(null);
    setFilters({ before: "", limit: 50 });
    // The button pressed ("Newest first", or the empty state's) goes away with the filters: focus goes on from the form's own button.
    requestAnimationFrame(() => document.getElementById("audit-show")?.focus());
  }

  const who = (actor: string | null) => {
    if (!actor) return "Tandem, or an applicant (no staff account)";
    if (actor === session.user.id) return `You (${session.user.name || session.user.email})`;
    return names.get(actor) ?? "A former staff member";
  };
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  return (
    <>
      <form class="audit-filters" role="search" aria-label="Filter the audit log" onSubmit={apply} noValidate>
        <div class="field">
          <label for="audit-before">
            Changes before <span class="optional">(optional)</span>
          </label>
          <input id="audit-before" type="date" value={beforeInput} onInput={(event) => setBeforeInput(event.currentTarget.value)} aria-describedby="audit-before-hint" />
          <span id="audit-before-hint" class="hint">
            Leave it empty for the newest.
          </span>
        </div>
        <div class="field">
          <label for="audit-limit">Changes per page</label>
          <select id="audit-limit" value={limitInput} onChange={(event) => setLimitInput(event.currentTarget.value)}>
            <option value="10">10</option>
            <option value="25">25</option>
            <option value="50">50</option>
            <option value="100">100</option>
          </select>
        </div>
        <div class="actions">
          <button id="audit-show" class="button" type="submit">
            Show changes
          </button>
          {(filters.before || filters.limit !== 50) && (
            <button class="button secondary" type="button" onClick={reset}>
              Newest first
            </button>
          )}
        </div>
      </form>

      {loaded.state === "loading" && <Loading what="the audit log" />}
      {loaded.state === "failed" && <ProblemPanel problem={loaded.problem} retry={() => setAttempt((n) => n + 1)} />}
      {loaded.state === "ready" &&
        (loaded.data.length === 0 ? (
          filters.before ? (
            <EmptyState title={`No changes before ${new Date(`${filters.before}T00:00:00`).toLocaleDateString()}.`}>
              <p>Choose a later date, or show the newest changes.</p>
              <p>
                <button class="button secondary" type="button" onClick={reset}>
                  Show the newest changes
                </button>
              </p>
            </EmptyState>
          ) : (
            <EmptyState title="Nothing in the audit log yet.">
              <p>Changes to settings, staff, programs, forms and matches appear here as people make them, with who made them and when.</p>
            </EmptyState>
          )
        ) : (
          <>
            <div class="table-scroll" role="region" aria-labelledby="audit-caption" tabIndex={0}>
              <table class="data-table audit-table">
                <caption id="audit-caption">
                  {filters.before ? `Changes before ${new Date(`${filters.before}T00:00:00`).toLocaleDateString()}, newest first` : "Changes, newest first"} ({loaded.data.length}{" "}
                  shown; times in {zone.replace(/_/g, " ")})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">Action</th>
                    <th scope="col">Target</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {loaded.data.map((event) => {
                    const lines = details(event);
                    return (
                      <tr key={event.id} id={`audit-row-${event.id}`} tabIndex={-1} data-action={event.action}>
                        <td>
                          <time dateTime={event.createdAt}>{timeFormat.format(new Date(event.createdAt))}</time>
                        </td>
                        <td class="audit-who">{who(event.actorUserId)}</td>
                        <th scope="row">{actionLabel(event.action)}</th>
                        <td class="audit-target">{target(event, membership.name)}</td>
                        <td class="audit-details">
                          {lines.length === 0 ? (
                            <span class="muted">—</span>
                          ) : (
                            <ul>
                              {lines.map((line, index) => (
                                <li key={index}>{line}</li>
                              ))}
                            </ul>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {more.problem && <ProblemPanel problem={more.problem} retry={loadOlder} />}
            <div class="pager">
              {more.done ? (
                <p class="muted">That's the start of the log{filters.before ? " before this date" : ""}.</p>
              ) : (
                <button class="button secondary" type="button" onClick={loadOlder} disabled={more.busy}>
                  {more.busy ? "Loading…" : "Load older changes"}
                </button>
              )}
            </div>
          </>
        ))}
      <Announce message={status} />
    </>
  );
}

function AuditPage({ membership }: { membership: Membership }) {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(`Audit log: ${membership.name}`, heading);
  const allowed = membership.role === "owner" || membership.role === "admin";
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Audit log
      </h1>
      {allowed ? (
        <>
          <p class="lead">Who changed what at {membership.name}, and when: settings, staff, programs, forms, applications and matches.</p>
          <AuditLog membership={membership} />
        </>
      ) : (
        <div class="card">
          <h2>Only owners and admins read the audit log</h2>
          <p>
            You're a {membership.role} at {membership.name}. If you need to know who changed something, ask one of your institution's owners or admins: they can see
            every change here.
          </p>
        </div>
      )}
    </>
  );
}

export default function Audit({ tenant }: { tenant: string }) {
  return <TenantPage key={tenant} tenant={tenant}>{(membership) => <AuditPage membership={membership} />}</TenantPage>;
}
