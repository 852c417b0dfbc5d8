/** Small hooks the console's pages share: loading data with retry, titles and focus on navigation. */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiProblem } from "./api.js";

export type Loaded<T> = { state: "loading" } | { state: "failed"; problem: ApiProblem } | { state: "ready"; data: T };

/** Runs `load` when `deps` change; `reload` runs it again (after a save, or from a "Try again" button). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> & { reload: () => void } {
  const [result, setResult] = useState<Loaded<T>>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const call = ++latest.current;
    setResult({ state: "loading" });
    load().then(
      (data) => call === latest.current && setResult({ state: "ready", data }),
      (error: unknown) => call === latest.current && setResult({ state: "failed", problem: asProblem(error) }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...result, reload };
}

export function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  console.error(error);
  return new ApiProblem(0, "Unexpected error", "Something went wrong in this page. Reload it and try again; if it keeps happening, tell us what you were doing.");
}

/** True until the first page of this page load has set its title: that page keeps the browser's own focus (the top of the document). */
let firstPage = true;

/**
 * Sets the document title, and moves focus to the page's heading after an
 * in-app navigation (screen readers hear the new page; Tab continues from it).
 * A null title (still loading, or about to redirect) waits.
 */
export function usePageTitle(title: string | null, heading: { current: HTMLElement | null }) {
  useEffect(() => {
    if (!title) return;
    document.title = `${title} — Tandem`;
    if (firstPage) {
      firstPage = false;
      return;
    }
    heading.current?.focus();
  }, [title]);
}
