/**
 * Warns before unsaved changes are lost: the browser's own prompt when the tab
 * closes or reloads or a link leaves the console, and a confirmation before an
 * in-console link (which preact-iso would follow without unloading the page).
 */
import { useEffect, useRef } from "preact/hooks";

export function useUnsavedChangesWarning(dirty: boolean, message = "You have unsaved changes. Leave this page and lose them?") {
  const state = useRef({ dirty, message });
  state.current = { dirty, message };
  useEffect(() => {
    let confirmedLeaving = false;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!state.current.dirty || confirmedLeaving) return;
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    };
    // Runs before preact-iso's own click handler (capture on window), so a "Stay" keeps the page as it is.
    const click = (event: MouseEvent) => {
      if (!state.current.dirty || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      const link = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement && Boolean(node.href));
      if (!link || link.target === "_blank" || link.hasAttribute("download")) return;
      const url = new URL(link.href);
      // Links within the page (error summaries, skip links) lose nothing.
      if (url.origin === location.origin && url.pathname === location.pathname && url.search === location.search) return;
      if (window.confirm(state.current.message)) {
        confirmedLeaving = true;
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    window.addEventListener("beforeunload", beforeUnload);
    window.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      window.removeEventListener("click", click, true);
    };
  }, []);
}
