/** `/console/`: the institutions the signed-in person is staff of (straight to the one, if only one). */
import { useEffect, useRef } from "preact/hooks";
import { useLocation } from "preact-iso";
import { consolePaths } from "../api.js";
import { Shell } from "../components/shell.js";
import { EmptyState } from "../components/status.js";
import { usePageTitle } from "../hooks.js";
import { roleLabel, useSession } from "../session.js";

export default function Home() {
  const session = useSession();
  const { route } = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  const only = session.memberships.length === 1 ? session.memberships[0] : undefined;
  // With one institution this page only redirects: the institution's page is then the first page (no focus move).
  usePageTitle(only ? null : "Your institutions", heading);
  useEffect(() => {
    if (only) route(consolePaths.institution(only.slug), true);
  }, [only?.slug]);
  return (
    <Shell>
      <h1 ref={heading} tabIndex={-1}>
        Your institutions
      </h1>
      {session.memberships.length === 0 ? (
        <EmptyState title="You're not staff of any institution yet.">
          <p>
            <a href="/signup.html">Sign up your institution</a>, or ask your institution's administrator to invite you.
          </p>
        </EmptyState>
      ) : (
        <ul class="program-list">
          {session.memberships.map((m) => (
            <li class="program-item" key={m.slug}>
              <div class="program-head">
                <h2 class="program-name">
                  <a href={consolePaths.institution(m.slug)}>{m.name}</a>
                </h2>
                <span class="badge">{roleLabel(m.role)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Shell>
  );
}
