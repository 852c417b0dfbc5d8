/** Any console path we don't have: say so and offer the way back. */
import { useRef } from "preact/hooks";
import { consolePaths } from "../api.js";
import { Shell } from "../components/shell.js";
import { usePageTitle } from "../hooks.js";

export default function NotFound() {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Page not found", heading);
  return (
    <Shell>
      <h1 ref={heading} tabIndex={-1}>
        Page not found
      </h1>
      <p>
        There is no console page at this address. Check the link, or go to <a href={consolePaths.home()}>your institutions</a>.
      </p>
    </Shell>
  );
}
