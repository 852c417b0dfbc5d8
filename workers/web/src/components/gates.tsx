/**
 * Page frames that check access first: `TenantPage` for an institution's pages
 * (the signed-in person must be staff there), `ProgramPage` for one program's
 * pages (loads the program, so every program page has its name and nav).
 */
import type { ComponentChildren } from "preact";
import { api, consolePaths, unwrap } from "../api.js";
import { useLoad } from "../hooks.js";
import { type Role, useSession } from "../session.js";
import { Shell } from "./shell.js";
import { Loading, ProblemPanel } from "./status.js";

export interface Membership {
  slug: string;
  name: string;
  role: Role;
}

function NotMember({ tenant }: { tenant: string }) {
  const session = useSession();
  return (
    <Shell>
      <h1>You are not a member of this institution</h1>
      <p class="lead">
        You're signed in as <strong>{session.user.email}</strong>, who has no role at <code>{tenant}</code>.
      </p>
      <p>
        If someone invited you with another email address, <a href="/sign-in.html">sign in as someone else</a>. Otherwise ask the institution's administrator to
        invite you{session.memberships.length > 0 ? <>, or go to <a href={consolePaths.home()}>your institutions</a></> : null}.
      </p>
    </Shell>
  );
}

export function TenantPage({ tenant, children }: { tenant: string; children: (membership: Membership) => ComponentChildren }) {
  const membership = useSession().memberships.find((m) => m.slug === tenant);
  if (!membership) return <NotMember tenant={tenant} />;
  return <Shell tenant={tenant}>{children(membership)}</Shell>;
}

export type Program = Awaited<ReturnType<typeof loadProgram>>;

async function loadProgram(tenant: string, program: string) {
  const body = await unwrap(api.programs.api.v1.t[":slug"].programs[":program"].$get({ param: { slug: tenant, program } }));
  return body.program;
}

export function ProgramPage({ tenant, program, children }: { tenant: string; program: string; children: (program: Program, membership: Membership) => ComponentChildren }) {
  const membership = useSession().memberships.find((m) => m.slug === tenant);
  const loaded = useLoad(() => loadProgram(tenant, program), [tenant, program]);
  if (!membership) return <NotMember tenant={tenant} />;
  if (loaded.state === "loading") return <Shell tenant={tenant}><Loading what="the program" /></Shell>;
  if (loaded.state === "failed") return <Shell tenant={tenant}><ProblemPanel problem={loaded.problem} retry={loaded.reload} /></Shell>;
  return (
    <Shell tenant={tenant} program={{ slug: loaded.data.slug, name: loaded.data.name }}>
      {children(loaded.data, membership)}
    </Shell>
  );
}
