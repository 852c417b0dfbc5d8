/**
 * The Tandem console (a Preact single-page app under /console/). Pages other than
 * the first are loaded on demand (`lazy`), so the first page stays small.
 */
import { render } from "preact";
import { ErrorBoundary, LocationProvider, Route, Router, lazy } from "preact-iso";
import { SessionProvider } from "./session.js";
import "./console.css";

const Home = lazy(() => import("./pages/home.js"));
const Institution = lazy(() => import("./pages/institution.js"));
const Analytics = lazy(() => import("./pages/analytics.js"));
const Report = lazy(() => import("./pages/report.js"));
const Outcomes = lazy(() => import("./pages/outcomes.js"));
const Settings = lazy(() => import("./pages/settings.js"));
const Audit = lazy(() => import("./pages/audit.js"));
const FormBuilder = lazy(() => import("./pages/form-builder.js"));
const NotFound = lazy(() => import("./pages/not-found.js"));

function Console() {
  return (
    <LocationProvider scope="/console">
      <ErrorBoundary>
        <SessionProvider>
          <Router>
            <Route path="/console/" component={Home} />
            <Route path="/console/:tenant" component={Institution} />
            <Route path="/console/:tenant/programs/:program/analytics" component={Analytics} />
            <Route path="/console/:tenant/programs/:program/report" component={Report} />
            <Route path="/console/:tenant/programs/:program/outcomes" component={Outcomes} />
            <Route path="/console/:tenant/settings" component={Settings} />
            <Route path="/console/:tenant/audit" component={Audit} />
            <Route path="/console/:tenant/programs/:program/form" component={FormBuilder} />
            <Route default component={NotFound} />
          </Router>
        </SessionProvider>
      </ErrorBoundary>
    </LocationProvider>
  );
}

render(<Console />, document.getElementById("app")!);
