/**
 * Warns before unsaved changes are lost: the browser's own prompt when the tab
 * closes or reloads or a link leaves the console, a confirmation before an
 * in-console link (which preact-iso would follow without unloading the page),
 * before Back and Forward within the console (popstate), and before signing
 * out (`confirmLeaving`, which the header's button calls first).
 *
 * The listeners are the window's, installed once by main.tsx before the app
 * renders (`installLeaveGuards`): popstate is dispatched at the window itself,
 * where Chromium calls listeners in the order they were added, capture or not,
 * so ours must come before preact-iso's to stop it.
 */
import { useEffect, useRef } from "preact/hooks";

interface Guard {
  dirty: boolean;
  message: string;
  /** The page's address as last rendered (the form builder changes `?role=` with replaceState), to come back to after a refused Back. */
  url: string;
}

/** The pages' guards that are mounted now. */
const guards = new Set<{ current: Guard }>();
/** Set once someone has said "leave" (a link, Back, sign out), so the browser's own prompt does not ask again. */
let confirmedLeaving = false;
let resetTimer: ReturnType<typeof setTimeout> | undefined;
let installed = false;

function dirtyGuard(): Guard | undefined {
  for (const guard of guards) if (guard.current.dirty) return guard.current;
  return undefined;
}

/** Lets the next unload through without the browser's prompt: for good (`sticky`, sign out), or for the navigation a confirmed link starts. */
function allowLeaving(sticky: boolean) {
  confirmedLeaving = true;
  clearTimeout(resetTimer);
  // A confirmed link whose navigation keeps this page (or never unloads it) must not switch the warning off for good.
  if (!sticky) resetTimer = setTimeout(() => (confirmedLeaving = false), 1000);
}

/**
 * Asks before leaving the console (e.g. signing out) when a page has unsaved
 * changes; true when there are none or the person chose to leave. After a
 * "leave", the browser's own prompt stays quiet.
 */
export function confirmLeaving(): boolean {
  const guard = dirtyGuard();
  if (!guard) return true;
  if (!window.confirm(guard.message)) return false;
  allowLeaving(true);
  return true;
}

function beforeUnload(event: BeforeUnloadEvent) {
  if (!dirtyGuard() || confirmedLeaving) return;
  event.preventDefault();
  // Older browsers show the prompt only when returnValue is set.
  event.returnValue = "";
}

/** An in-console link: capture on window runs before preact-iso's own click handler, so a "Stay" keeps the page as it is. */
function click(event: MouseEvent) {
  const guard = dirtyGuard();
  if (!guard || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  const link = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement && Boolean(node.href));
  if (!link || link.target === "_blank" || link.hasAttribute("download")) return;
  const url = new URL(link.href);
  // Links within the page (error summaries, skip links, the same page with another query) lose nothing: the page stays mounted.
  if (url.origin === location.origin && url.pathname === location.pathname) return;
  if (window.confirm(guard.message)) {
    allowLeaving(false);
    return;
  }
  event.preventDefault();
  event.stopImmediatePropagation();
}

/** Back and Forward within the console: the address has already changed when popstate fires, so a "Stay" puts the page's back. */
function popState(event: PopStateEvent) {
  const guard = dirtyGuard();
  if (!guard || location.pathname === new URL(guard.url, location.origin).pathname) return;
  if (window.confirm(guard.message)) {
    allowLeaving(false);
    return;
  }
  // preact-iso's listener (added after this one) never hears of it, so the page stays.
  event.stopImmediatePropagation();
  history.pushState(null, "", guard.url);
}

/** Adds the window's listeners; call before the router adds its own (main.tsx, before render). */
export function installLeaveGuards() {
  if (installed) return;
  installed = true;
  window.addEventListener("beforeunload", beforeUnload);
  window.addEventListener("click", click, true);
  window.addEventListener("popstate", popState, true);
}

const here = () => location.pathname + location.search + location.hash;

export function useUnsavedChangesWarning(dirty: boolean, message = "You have unsaved changes. Leave this page and lose them?") {
  const state = useRef<Guard>({ dirty, message, url: here() });
  state.current = { dirty, message, url: here() };
  useEffect(() => {
    installLeaveGuards();
    guards.add(state);
    confirmedLeaving = false;
    return () => {
      guards.delete(state);
    };
  }, []);
}
