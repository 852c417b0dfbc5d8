/**
 * The console's frame: skip link, header (institution, who is signed in, sign out),
 * the institution's navigation, an optional program navigation, and the footer.
 */
import type { ComponentChildren } from "preact";
import { useLocation } from "preact-iso";
import { api, consolePaths, staticPages, unwrap } from "../api.js";
import { canManagePrograms, canManageSettings, canManageStaff, type Role, useSession } from "../session.js";
import { confirmLeaving } from "./unsaved-changes.js";

interface NavLink {
  href: string;
  label: string;
}

function Nav({ label, links, class: className }: { label: string; links: NavLink[]; class: string }) {
  const { path } = useLocation();
  return (
    <nav aria-label={label} class={className}>
      <ul>
        {links.map((link) => (
          <li key={link.href}>
            <a href={link.href} aria-current={path === link.href ? "page" : undefined}>
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

async function signOut() {
  // Ask about unsaved changes before signing out, not after (the browser's own prompt would come once the session had already ended).
  if (!confirmLeaving()) return;
  try {
    await unwrap(api.auth.api.v1.auth["sign-out"].$post());
  } finally {
    location.assign("/sign-in.html");
  }
}

export function institutionLinks(tenant: string, role: Role): NavLink[] {
  const links = [
    { href: consolePaths.institution(tenant), label: "Overview" },
    { href: staticPages.programs(tenant), label: "Programs" },
  ];
  // Staff, settings and the audit log are for owners and admins only (as the API enforces).
  if (canManageStaff(role)) links.push({ href: consolePaths.staff(tenant), label: "Staff" });
  if (canManageSettings(role)) links.push({ href: consolePaths.incidents(tenant), label: "Incidents" }, { href: consolePaths.settings(tenant), label: "Settings" }, { href: consolePaths.audit(tenant), label: "Audit log" });
  return links;
}

export function programLinks(tenant: string, program: string, role: Role): NavLink[] {
  const links = [
    { href: consolePaths.analytics(tenant, program), label: "Analytics" },
    { href: consolePaths.report(tenant, program), label: "Report" },
    { href: consolePaths.outcomes(tenant, program), label: "Academic outcomes" },
  ];
  if (canManagePrograms(role)) {
    links.push(
      { href: staticPages.program(tenant, program), label: "Setup & applications" },
      { href: consolePaths.form(tenant, program), label: "Enrollment forms" },
      { href: staticPages.matching(tenant, program), label: "Matching" },
      { href: staticPages.pairs(tenant, program), label: "Pairs" },
      { href: consolePaths.screening(tenant, program), label: "Screening" },
      { href: consolePaths.training(tenant, program), label: "Training" },
      { href: consolePaths.compliance(tenant, program), label: "Compliance" },
    );
  }
  return links;
}

export function Shell({ tenant, program, children }: { tenant?: string; program?: { slug: string; name: string }; children: ComponentChildren }) {
  const session = useSession();
  const membership = tenant ? session.memberships.find((m) => m.slug === tenant) : undefined;
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <div class="site-header-inner">
          <a class="brand" href={membership ? consolePaths.institution(membership.slug) : consolePaths.home()}>
            <img src="/assets/favicon.svg" alt="" /> Tandem{membership && <span class="brand-institution"> · {membership.name}</span>}
          </a>
          <div class="header-user">
            <span class="header-user-name">{session.user.name || session.user.email}</span>
            <button class="button secondary small" type="button" onClick={signOut}>
              Sign out
            </button>
          </div>
        </div>
        {membership && <Nav label="Institution" class="console-nav" links={institutionLinks(membership.slug, membership.role)} />}
      </header>
      <main id="main" class="wide" tabIndex={-1}>
        {membership && program && (
          <Nav label={`Program: ${program.name}`} class="console-subnav" links={programLinks(membership.slug, program.slug, membership.role)} />
        )}
        {children}
      </main>
      <footer class="site-footer">
        <div class="site-footer-inner">
          <span>Tandem — mentoring programs that keep pairs meeting</span>
          <a href="/api-reference.html">API reference</a>
        </div>
      </footer>
    </>
  );
}
