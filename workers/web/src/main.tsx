/**
 * The Tandem console (a Preact single-page app under /console/). Pages other than
 * the first are loaded on demand (`lazy`), so the first page stays small.
 */
import { Component, type ComponentChildren, type ComponentType, render } from "preact";
import { ErrorBoundary, LocationProvider, Route, Router, lazy, useLocation } from "preact-iso";
import { consolePaths } from "./api.js";
import { installLeaveGuards } from "./components/unsaved-changes.js";
import { SessionProvider } from "./session.js";
import "./console.css";

/** Set while a reload after a failed page chunk is under way, so a chunk that fails again shows a message instead of reloading forever. */
const RELOADED_FOR_CHUNK = "tandem-console-reloaded-for-chunk";

/** A page that failed: what happened, and a reload or the way home (never a frozen screen). */
function PageFailure({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <main id="main" class="wide" tabIndex={-1}>
      <div class="card panel-error" role="alert">
        <h1>{title}</h1>
        <p>{children}</p>
        <p class="actions">
          <button class="button" type="button" onClick={() => location.reload()}>
            Reload
          </button>
          <a class="button secondary" href={consolePaths.home()}>
            Your institutions
          </a>
        </p>
      </div>
    </main>
  );
}

/** A page that could not be loaded twice running (offline, or the server has no such file). */
const PageUnavailable = () => (
  <PageFailure title="This page couldn't be loaded">
    Your connection may have dropped, or Tandem was updated while the console was open. Reload the page to get the latest version.
  </PageFailure>
);

/**
 * A page loaded on demand. A deploy removes the old hashed chunks, so a console
 * opened before it fails to import the next page: reload once (the new
 * index.html names the new chunks); if that fails too, say so rather than hang.
 */
function page<P>(load: () => Promise<{ default: ComponentType<P> }>) {
  return lazy(() =>
    load().then(
      (module) => {
        sessionStorage.removeItem(RELOADED_FOR_CHUNK);
        return module;
      },
      (error: unknown) => {
        console.error(error);
        let reloaded = true;
        try {
          reloaded = sessionStorage.getItem(RELOADED_FOR_CHUNK) !== null;
          if (!reloaded) sessionStorage.setItem(RELOADED_FOR_CHUNK, String(Date.now()));
        } catch {
          // No session storage (a locked-down browser): never reload automatically, so there is no loop.
        }
        if (reloaded) return { default: PageUnavailable as unknown as ComponentType<P> };
        location.reload();
        // The page is going away: stay "loading" until it does.
        return new Promise<never>(() => undefined);
      },
    ),
  );
}

const Home = page(() => import("./pages/home.js"));
const Institution = page(() => import("./pages/institution.js"));
const Analytics = page(() => import("./pages/analytics.js"));
const Report = page(() => import("./pages/report.js"));
const Outcomes = page(() => import("./pages/outcomes.js"));
const Staff = page(() => import("./pages/staff.js"));
const Settings = page(() => import("./pages/settings.js"));
const Audit = page(() => import("./pages/audit.js"));
const FormBuilder = page(() => import("./pages/form-builder.js"));
const Screening = page(() => import("./pages/screening.js"));
const MentorScreening = page(() => import("./pages/mentor-screening.js"));
const Training = page(() => import("./pages/training.js"));
const Compliance = page(() => import("./pages/compliance.js"));
const Incidents = page(() => import("./pages/incidents.js"));
const NotFound = page(() => import("./pages/not-found.js"));

/** What a page that threw while rendering leaves behind: an explanation and a way on. */
const PageCrashed = () => (
  <PageFailure title="Something went wrong in this page">
    Reload it and try again; if it keeps happening, tell us what you were doing. Changes you had not saved may be lost.
  </PageFailure>
);

/**
 * An error boundary: a page that throws while rendering shows PageCrashed
 * instead of freezing. (preact-iso's ErrorBoundary calls its `onError` as
 * componentDidCatch but counts an error handled only when the boundary itself
 * re-renders, so the boundary is a class whose own state changes.) Following a
 * link (another address) tries the page again.
 */
class PageErrorBoundary extends Component<{ url: string; children: ComponentChildren }, { crashedAt: string | null }> {
  override state = { crashedAt: null as string | null };

  override componentDidCatch(error: unknown) {
    console.error(error);
    this.setState({ crashedAt: this.props.url });
  }

  override componentDidUpdate() {
    if (this.state.crashedAt !== null && this.state.crashedAt !== this.props.url) this.setState({ crashedAt: null });
  }

  override render() {
    // preact-iso's boundary inside keeps handling suspended (loading) children outside the Router.
    return this.state.crashedAt === null ? <ErrorBoundary>{this.props.children}</ErrorBoundary> : <PageCrashed />;
  }
}

function Pages() {
  const { url } = useLocation();
  return (
    <PageErrorBoundary url={url}>
      <SessionProvider>
        <Router>
          <Route path="/console/" component={Home} />
          <Route path="/console/:tenant" component={Institution} />
          <Route path="/console/:tenant/programs/:program/analytics" component={Analytics} />
          <Route path="/console/:tenant/programs/:program/report" component={Report} />
          <Route path="/console/:tenant/programs/:program/outcomes" component={Outcomes} />
          <Route path="/console/:tenant/staff" component={Staff} />
          <Route path="/console/:tenant/settings" component={Settings} />
          <Route path="/console/:tenant/audit" component={Audit} />
          <Route path="/console/:tenant/programs/:program/form" component={FormBuilder} />
          <Route path="/console/:tenant/programs/:program/screening" component={Screening} />
          <Route path="/console/:tenant/programs/:program/mentors/:application" component={MentorScreening} />
          <Route path="/console/:tenant/programs/:program/training" component={Training} />
          <Route path="/console/:tenant/programs/:program/compliance" component={Compliance} />
          <Route path="/console/:tenant/incidents" component={Incidents} />
          <Route default component={NotFound} />
        </Router>
      </SessionProvider>
    </PageErrorBoundary>
  );
}

function Console() {
  return (
    <LocationProvider scope="/console">
      <Pages />
    </LocationProvider>
  );
}

// Before the router's own listeners, so a page with unsaved changes can stop Back (see unsaved-changes.ts).
installLeaveGuards();
render(<Console />, document.getElementById("app")!);
