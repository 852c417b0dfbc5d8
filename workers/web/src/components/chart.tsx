/**
 * A chart (uPlot, canvas) with its numbers as a real table: the canvas is hidden
 * from screen readers and the table below it — in a disclosure, opened for
 * printing — carries the same numbers for everyone.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** A CSS class suffix for the color (chart-color-0…5), so charts keep one palette in light and dark mode. */
  color: number;
}

const PALETTE_VARS = ["--chart-0", "--chart-1", "--chart-2", "--chart-3", "--chart-4", "--chart-5"];

function cssVar(name: string, fallback: string) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

const HEIGHT = 220;
/** About the width a chart has on paper (A4 or Letter, the report's margins, inside a card), in CSS pixels. */
const PRINT_WIDTH = 620;

/** The charts on the page, so printing can size them for paper and back. */
const plots = new Map<uPlot, HTMLElement>();
/** The tables' disclosures printing opened, to close again afterwards. */
let openedForPrint: HTMLDetailsElement[] = [];

/**
 * Printing: a closed <details> prints only its (hidden) summary, and a canvas
 * keeps its screen width. Before the print dialog, open every chart's table
 * and size the charts for paper; afterwards put both back.
 */
function beforePrint() {
  openedForPrint = Array.from(document.querySelectorAll<HTMLDetailsElement>("details.chart-table:not([open])"));
  for (const details of openedForPrint) details.open = true;
  for (const [plot, element] of plots) plot.setSize({ width: Math.max(280, Math.min(element.clientWidth, PRINT_WIDTH)), height: HEIGHT });
}

function afterPrint() {
  for (const details of openedForPrint) details.open = false;
  openedForPrint = [];
  for (const [plot, element] of plots) plot.setSize({ width: Math.max(280, element.clientWidth), height: HEIGHT });
}

function track(plot: uPlot, element: HTMLElement): () => void {
  if (plots.size === 0) {
    window.addEventListener("beforeprint", beforePrint);
    window.addEventListener("afterprint", afterPrint);
  }
  plots.set(plot, element);
  return () => {
    plots.delete(plot);
    if (plots.size === 0) {
      window.removeEventListener("beforeprint", beforePrint);
      window.removeEventListener("afterprint", afterPrint);
    }
  };
}

export function Chart({
  title,
  labels,
  series,
  kind,
  valueFormat = (n) => String(n),
  summary,
  children,
}: {
  title: string;
  labels: string[];
  series: ChartSeries[];
  kind: "bars" | "lines";
  valueFormat?: (n: number) => string;
  /** One sentence a screen reader hears instead of the picture ("Check-ins per match rose from 0.8 to 1.4"). */
  summary: string;
  /** The table of the same numbers. */
  children: ComponentChildren;
}) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = holder.current;
    if (!element || labels.length === 0) return;
    const text = cssVar("--muted", "#4b5753");
    const grid = cssVar("--border", "#d3dbd7");
    const bars = kind === "bars" ? uPlot.paths.bars!({ size: [0.7, 60], align: 0 }) : undefined;
    const options: uPlot.Options = {
      width: Math.max(280, element.clientWidth),
      height: HEIGHT,
      // The legend names the series; values on hover would read "—" until the pointer is over the chart.
      legend: { show: series.length > 1, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: [-0.6, labels.length - 0.4] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        { stroke: text, grid: { show: false }, ticks: { stroke: grid }, splits: () => labels.map((_, i) => i), values: (_u, splits) => splits.map((i) => labels[i] ?? "") },
        { stroke: text, grid: { stroke: grid }, ticks: { stroke: grid }, values: (_u, splits) => splits.map(valueFormat) },
      ],
      series: [
        { label: "Period", value: (_u, i) => (i == null ? "" : labels[i] ?? "") },
        ...series.map((s) => {
          const color = cssVar(PALETTE_VARS[s.color % PALETTE_VARS.length], "#0b6e4f");
          return {
            label: s.label,
            stroke: color,
            fill: kind === "bars" ? color : undefined,
            width: kind === "bars" ? 0 : 2,
            paths: bars,
            points: { show: kind === "lines", size: 6 },
            spanGaps: true,
            value: (_u: uPlot, v: number | null) => (v == null ? "—" : valueFormat(v)),
          } satisfies uPlot.Series;
        }),
      ],
    };
    const xs = labels.map((_, i) => i);
    const data: uPlot.AlignedData = [xs, ...series.map((s) => s.values)];
    const plot = kind === "bars" && series.length > 1 ? groupedBars(options, series, labels, element) : new uPlot(options, data, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, element.clientWidth), height: HEIGHT }));
    resize.observe(element);
    const untrack = track(plot, element);
    return () => {
      untrack();
      resize.disconnect();
      plot.destroy();
    };
  }, [labels.join("|"), JSON.stringify(series), kind]);

  return (
    <figure class="chart">
      <figcaption class="chart-title">{title}</figcaption>
      {labels.length === 0 ? (
        <p class="empty">No data in this range yet.</p>
      ) : (
        <>
          <p class="sr-only">{summary}</p>
          <div class="chart-canvas" ref={holder} aria-hidden="true" />
        </>
      )}
      <details class="chart-table" open={labels.length > 0 && labels.length <= 3}>
        <summary>Table of these numbers</summary>
        {children}
      </details>
    </figure>
  );
}

/**
 * Several bar series side by side: uPlot draws one bar per x, so each series gets
 * its own x positions shifted within the period's slot.
 */
function groupedBars(options: uPlot.Options, series: ChartSeries[], labels: string[], element: HTMLElement): uPlot {
  const slot = 0.8 / series.length;
  const shifted = series.map((_, index) => labels.map((__, i) => i - 0.4 + slot * (index + 0.5)));
  // uPlot's aligned data needs one shared x array: interleave the shifted positions, with nulls where a series has no bar.
  const xs = shifted.flat().sort((a, b) => a - b);
  const columns = series.map((s, index) => xs.map((x) => {
    const i = shifted[index].indexOf(x);
    return i === -1 ? null : s.values[i];
  }));
  const bars = uPlot.paths.bars!({ size: [slot * 0.9, 40], align: 0 });
  const grouped: uPlot.Options = {
    ...options,
    series: [options.series[0], ...options.series.slice(1).map((s) => ({ ...s, paths: bars, spanGaps: false }))],
  };
  grouped.series[0] = { ...options.series[0], value: (_u, x) => (x == null ? "" : labels[Math.round(x)] ?? "") };
  return new uPlot(grouped, [xs, ...columns], element);
}

/** A plain accessible table: caption, column headers, row headers in the first column. */
export function Table({ caption, columns, rows }: { caption: string; columns: string[]; rows: (string | number)[][] }) {
  return (
    <div class="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table class="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (c === 0 ? <th scope="row" key={c}>{cell}</th> : <td key={c}>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
