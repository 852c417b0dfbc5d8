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
const NotFound = lazy(() => import("./pages/not-found.js"));

function Console() {
  return (
    <LocationProvider scope="/console">
      <ErrorBoundary>
        <SessionProvider>
          <Router>
            <Route path="/console/" component={Home} />
            <Route path="/console/:tenant" component={Institution} />
            <Route default component={NotFound} />
          </Router>
        </SessionProvider>
      </ErrorBoundary>
    </LocationProvider>
  );
}

render(<Console />, document.getElementById("app")!);
