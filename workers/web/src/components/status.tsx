/** Loading, failure and empty states: every one says what is happening or what to do next. */
import type { ComponentChildren } from "preact";
import type { ApiProblem } from "../api.js";

export function Loading({ what }: { what: string }) {
  return (
    <p class="status" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

/** A failed request: the API's own explanation, field errors if any, the request id for support, and a retry. */
export function ProblemPanel({ problem, retry }: { problem: ApiProblem; retry?: () => void }) {
  return (
    <div class="card panel-error" role="alert">
      <h2>{problem.status === 404 ? "Not found" : problem.status === 403 ? "You can't see this" : problem.title}</h2>
      <p>{problem.detail}</p>
      {problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((error) => (
            <li key={error.path}>
              <code>{error.path}</code>: {error.message}
            </li>
          ))}
        </ul>
      )}
      {problem.status === 403 && <p>Ask your institution's administrator for a role that includes this.</p>}
      {problem.requestId && <p class="muted small">If you contact support, quote request {problem.requestId}.</p>}
      {retry && problem.status !== 403 && problem.status !== 404 && (
        <p class="actions">
          <button class="button" type="button" onClick={retry}>
            Try again
          </button>
        </p>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="empty-state">
      <p>
        <strong>{title}</strong>
      </p>
      {children}
    </div>
  );
}

/** A polite live region for results of actions ("Saved", "Copied"). */
export function Announce({ message, tone }: { message: string | null; tone?: "success" | "error" }) {
  return (
    <div class={`status ${tone === "error" ? "panel-error" : tone === "success" ? "panel-success" : ""}`} role="status" aria-live="polite">
      {message && <p>{message}</p>}
    </div>
  );
}
