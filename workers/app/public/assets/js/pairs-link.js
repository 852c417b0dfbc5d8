/**
 * Points the "Pairs" links of a program's pages (program.html, matching.html)
 * at that program's Pairs page (relationships.html), from the page's own
 * `?tenant=…&program=…`. A module of its own so those pages' scripts stay as they are.
 */
import { pageParams } from "./admin-lib.js";

const { tenant, program } = pageParams();
for (const link of document.querySelectorAll("a[data-pairs-link]")) {
  if (tenant && program) link.setAttribute("href", `/relationships.html?tenant=${encodeURIComponent(tenant)}&program=${encodeURIComponent(program)}`);
}
