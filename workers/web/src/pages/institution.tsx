/**
 * `/console/:tenant`: the institution's programs, each with its figures, setup and
 * pairs one click away, and what to do next for the signed-in person's role.
 */
import type { ComponentChildren } from "preact";
import { useRef } from "preact/hooks";
import { api, consolePaths, staticPages, unwrap } from "../api.js";
import { type Membership, TenantPage } from "../components/gates.js";
import { EmptyState, Loading, ProblemPanel } from "../components/status.js";
import { useLoad, usePageTitle } from "../hooks.js";
import { canManagePrograms, canManageSettings, canManageStaff, type Role, roleLabel } from "../session.js";

/** What each role does next at the institution. */
function nextSteps(tenant: string, role: Role, hasPrograms: boolean): ComponentChildren[] {
  const programs = (text: string) => <a href={staticPages.programs(tenant)}>{text}</a>;
  if (canManageStaff(role)) {
    return [
      hasPrograms ? (
        <>Check each program's analytics above, and download its printable report for your leadership or funders.</>
      ) : (
        <>Create your first program and put its enrollment form on your website — under {programs("Programs")}.</>
      ),
      <>
        Invite the coordinators who will run your programs day to day — on the <a href={consolePaths.staff(tenant)}>Staff</a> page.
      </>,
      <>Invite a viewer for leadership or your funder's liaison, so they can read reports.</>,
    ];
  }
  if (role === "coordinator") {
    return [
      <>Create a program, review its applications and import participants — under {programs("Programs")}.</>,
      <>Questions about your access? Ask your institution's administrator.</>,
    ];
  }
  return [
    <>See the institution's programs above; their analytics and reports fill in once they are running.</>,
    <>Questions about your access? Ask your institution's administrator.</>,
  ];
}

const STATUS_LABELS: Record<string, string> = { draft: "Draft", enrolling: "Enrolling", matching: "Matching", active: "Active", closed: "Closed" };

function Programs({ membership }: { membership: Membership }) {
  const tenant = membership.slug;
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(membership.name, heading);
  const programs = useLoad(() => unwrap(api.programs.api.v1.t[":slug"].programs.$get({ param: { slug: tenant } })), [tenant]);
  const manage = canManagePrograms(membership.role);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {membership.name}
      </h1>
      <p class="lead">
        Your role: <span class="badge" id="my-role">{roleLabel(membership.role)}</span>
      </p>
      <section class="card" aria-labelledby="programs-title">
        <div class="section-head">
          <h2 id="programs-title">Programs</h2>
          {manage && (
            <a class="button" href={staticPages.programs(tenant)}>
              Create or copy a program
            </a>
          )}
        </div>
        {programs.state === "loading" && <Loading what="programs" />}
        {programs.state === "failed" && <ProblemPanel problem={programs.problem} retry={programs.reload} />}
        {programs.state === "ready" &&
          (programs.data.programs.length === 0 ? (
            <EmptyState title="No programs yet.">
              <p>
                {manage ? (
                  <>
                    <a href={staticPages.programs(tenant)}>Create your first program</a>, then put its enrollment form on your website.
                  </>
                ) : (
                  "Programs your institution creates appear here, with their figures."
                )}
              </p>
            </EmptyState>
          ) : (
            <ul class="program-list">
              {programs.data.programs.map((program) => (
                <li class="program-item" key={program.slug}>
                  <div class="program-head">
                    <h3 class="program-name">{program.name}</h3>
                    <span class={`badge status-${program.status}`}>{STATUS_LABELS[program.status] ?? program.status}</span>
                  </div>
                  <p class="program-meta">
                    {program.startsOn ? `${program.startsOn} to ${program.endsOn ?? "open-ended"}` : "No dates set yet"}
                  </p>
                  <p class="program-links">
                    <a href={consolePaths.analytics(tenant, program.slug)}>Analytics</a>
                    <a href={consolePaths.report(tenant, program.slug)}>Report</a>
                    {manage && <a href={staticPages.program(tenant, program.slug)}>Setup &amp; applications</a>}
                    {manage && <a href={staticPages.pairs(tenant, program.slug)}>Pairs</a>}
                  </p>
                </li>
              ))}
            </ul>
          ))}
      </section>
      <section class="card" aria-labelledby="next-title">
        <h2 id="next-title">What to do next</h2>
        <ul class="steps">
          {nextSteps(tenant, membership.role, programs.state === "ready" && programs.data.programs.length > 0).map((step, index) => (
            <li key={index}>{step}</li>
          ))}
        </ul>
      </section>
      {canManageSettings(membership.role) && (
        <section class="card" aria-labelledby="admin-title">
          <h2 id="admin-title">Your institution</h2>
          <ul class="steps">
            <li>
              <a href={consolePaths.settings(tenant)}>Settings</a>: name, logo, brand color, time zone, your own domain and the sites that may embed your forms.
            </li>
            <li>
              <a href={consolePaths.staff(tenant)}>Staff</a>: who works here and with which role; invite coordinators who run programs and viewers who read reports.
            </li>
            <li>
              <a href={consolePaths.audit(tenant)}>Audit log</a>: who changed what, and when.
            </li>
          </ul>
        </section>
      )}
    </>
  );
}

export default function Institution({ tenant }: { tenant: string }) {
  return <TenantPage key={tenant} tenant={tenant}>{(membership) => <Programs membership={membership} />}</TenantPage>;
}
