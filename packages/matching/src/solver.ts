/**
 * Exact maximum-weight b-matching between rows (mentees, one mentor each at
 * most) and columns (mentors, `capacity[j]` mentees each at most), on a dense
 * integer weight matrix where -1 marks a pair that may not be used.
 *
 * Objective, lexicographic: first the number of matched rows, then the sum of
 * weights. Both are folded into one integer benefit per pair, BONUS + w, with
 * BONUS = (rows + 1) × (max weight + 1): one more match is worth more than any
 * difference in weight sums (see README for the bound).
 *
 * Method: successive shortest augmenting paths (the Hungarian method in its
 * Jonker–Volgenant form) on the min-cost-flow formulation, with columns as
 * capacitated nodes instead of expanded slots. Each row also has a private
 * "stay unmatched" option of cost 0. Rows are added one at a time; Dijkstra on
 * reduced costs (dual potentials) from the new row finds the cheapest way to
 * place it, stopping at the first column with spare capacity (or a row's
 * unmatched option) it settles. Dual feasibility is kept for every pair, so
 * after the last row the assignment is optimal for the whole matrix, and the
 * final potentials are an optimality certificate (`checkOptimality`).
 */

export interface AssignmentProblem {
  rows: number;
  cols: number;
  /** rows × cols, row-major: the pair's weight ≥ 0, or -1 if the pair may not be used. */
  weights: Int32Array;
  /** Per column, ≥ 0. */
  capacity: Int32Array;
}

export interface AssignmentResult {
  /** Per row: its column, or -1. */
  assignment: Int32Array;
  /** Row potentials u (min-cost form) at the end: the dual certificate, with `prices`. */
  rowPotentials: Float64Array;
  /** Column prices p ≥ 0 (max form), 0 for every column with spare capacity. */
  prices: Float64Array;
  /** The benefit bonus per matched row that was used. */
  bonus: number;
}

export type Progress = (fraction: number) => void;

/** Calls `progress` only when the percentage changes, so at most ~100 times. */
export function throttled(progress: Progress | undefined, from = 0, to = 1): Progress {
  if (progress === undefined) return () => {};
  let last = -1;
  return (fraction) => {
    const value = from + (to - from) * Math.min(1, Math.max(0, fraction));
    const percent = Math.floor(value * 100);
    if (percent !== last) {
      last = percent;
      progress(value);
    }
  };
}

export function maxWeight(weights: Int32Array): number {
  let max = 0;
  for (let index = 0; index < weights.length; index++) if (weights[index] > max) max = weights[index];
  return max;
}

/** Solves the problem exactly; see the module comment. */
export function solveMaxTotal(problem: AssignmentProblem, progress?: Progress): AssignmentResult {
  const { rows: n, cols: m, weights: W } = problem;
  const report = progress ?? (() => {});
  const capacity = Int32Array.from(problem.capacity, (c) => Math.min(c, n));
  const top = maxWeight(W);
  const bonus = (n + 1) * (top + 1);

  // Min-cost form: cost(i, j) = -(bonus + w(i, j)); staying unmatched costs 0.
  // Reduced cost r(i, j) = cost(i, j) - u[i] - v[j] ≥ 0, = 0 on assigned pairs;
  // v[j] ≤ 0, and v[j] = 0 while column j has spare capacity.
  const u = new Float64Array(n);
  const v = new Float64Array(m);
  const assignment = new Int32Array(n).fill(-1);
  const load = new Int32Array(m);
  // The rows of column j sit in slots[slotStart[j] .. slotStart[j] + load[j]); slotOf[i] is row i's place.
  const slotStart = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) slotStart[j + 1] = slotStart[j] + capacity[j];
  const slots = new Int32Array(slotStart[m]);
  const slotOf = new Int32Array(n).fill(-1);

  const place = (i: number, j: number) => {
    const slot = slotStart[j] + load[j]++;
    slots[slot] = i;
    slotOf[i] = slot;
    assignment[i] = j;
  };

  // Warm start: with every v = 0, a row may take a column of its best weight while one has room.
  const pending: number[] = [];
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestWeight = -1;
    const base = i * m;
    for (let j = 0; j < m; j++) {
      const w = W[base + j];
      if (capacity[j] > 0 && (w > bestWeight || (w === bestWeight && load[best] >= capacity[best] && load[j] < capacity[j]))) {
        bestWeight = w;
        best = j;
      }
    }
    if (best < 0) continue; // no usable pair with a mentor who takes anyone: unmatched for good
    if (load[best] < capacity[best]) {
      place(i, best);
      u[i] = -(bonus + bestWeight);
    } else pending.push(i);
  }

  // Dijkstra state. `order` lists the columns that can take anyone; during a
  // search, order[0 .. settledCount) are settled and the rest are still open.
  const dist = new Float64Array(m);
  const pred = new Int32Array(m);
  const order = new Int32Array(m);
  let live = 0;
  for (let j = 0; j < m; j++) if (capacity[j] > 0) order[live++] = j;
  const rowDist = new Float64Array(n);
  const reached = new Int32Array(n);

  const total = pending.length;
  for (let step = 0; step < total; step++) {
    if ((step & 31) === 0) report(step / total);
    const i0 = pending[step];
    let settledCount = 0;
    let reachedCount = 0;

    // Distances from i0, shifted so that its cheapest option is at 0 (u[i0] is that option's cost).
    const base0 = i0 * m;
    let cheapest = 0; // the unmatched option
    for (let t = 0; t < live; t++) {
      const j = order[t];
      const w = W[base0 + j];
      if (w < 0) {
        dist[j] = Infinity;
        continue;
      }
      const cost = -(bonus + w) - v[j];
      dist[j] = cost;
      if (cost < cheapest) cheapest = cost;
    }
    u[i0] = cheapest;
    for (let t = 0; t < live; t++) {
      const j = order[t];
      dist[j] -= cheapest;
      pred[j] = i0;
    }
    let sinkDist = -cheapest; // the best "leave a row unmatched" option found so far
    let sinkRow = i0;

    let sinkCol = -1;
    let finalDist: number;
    for (;;) {
      // The closest open column; among equals, one with room (shorter paths).
      let bestPos = -1;
      let bestDist = Infinity;
      let bestFree = false;
      for (let t = settledCount; t < live; t++) {
        const j = order[t];
        const d = dist[j];
        if (d < bestDist || (d === bestDist && !bestFree && load[j] < capacity[j])) {
          bestDist = d;
          bestPos = t;
          bestFree = load[j] < capacity[j];
        }
      }
      if (bestPos < 0 || sinkDist < bestDist) {
        finalDist = sinkDist;
        break;
      }
      const j = order[bestPos];
      order[bestPos] = order[settledCount];
      order[settledCount++] = j;
      if (bestFree) {
        sinkCol = j;
        finalDist = bestDist;
        break;
      }
      // Column j is full: go on through each of its rows (assigned pairs are tight, so at the same distance).
      for (let s = slotStart[j], end = slotStart[j] + load[j]; s < end; s++) {
        const k = slots[s];
        rowDist[k] = bestDist;
        reached[reachedCount++] = k;
        const unmatched = bestDist - u[k];
        if (unmatched < sinkDist) {
          sinkDist = unmatched;
          sinkRow = k;
        }
        relaxRow(W, k * m, bestDist - u[k] - bonus, v, dist, pred, k, order, settledCount, live);
      }
    }

    // Potentials: settled columns and reached rows move by their distance's shortfall.
    for (let s = 0; s < settledCount; s++) {
      const j = order[s];
      v[j] += dist[j] - finalDist;
    }
    for (let r = 0; r < reachedCount; r++) {
      const k = reached[r];
      u[k] += finalDist - rowDist[k];
    }
    u[i0] += finalDist;

    // Augment along the path back to i0.
    let j: number;
    let freed: number;
    if (sinkCol >= 0) {
      j = sinkCol;
      freed = slotStart[j] + load[j]++;
    } else {
      if (sinkRow === i0) continue; // i0 stays unmatched
      j = assignment[sinkRow];
      freed = slotOf[sinkRow];
      assignment[sinkRow] = -1;
      slotOf[sinkRow] = -1;
    }
    for (;;) {
      const k = pred[j];
      const previous = assignment[k];
      const previousSlot = slotOf[k];
      slots[freed] = k;
      slotOf[k] = freed;
      assignment[k] = j;
      if (k === i0) break;
      j = previous;
      freed = previousSlot;
    }
  }
  report(1);

  // A column that takes no one may carry any price; one above every benefit keeps the certificate simple.
  const prices = new Float64Array(m);
  for (let j = 0; j < m; j++) prices[j] = capacity[j] === 0 ? bonus + top + 1 : v[j] === 0 ? 0 : -v[j];
  return { assignment, rowPotentials: u, prices, bonus };
}

/** Relaxes the open columns order[from .. to) through row k: d = offset - w(k, j) - v[j]. Kept small so V8 optimises it well. */
function relaxRow(
  W: Int32Array,
  base: number,
  offset: number,
  v: Float64Array,
  dist: Float64Array,
  pred: Int32Array,
  k: number,
  order: Int32Array,
  from: number,
  to: number,
): void {
  for (let t = from; t < to; t++) {
    const j = order[t];
    const w = W[base + j];
    if (w < 0) continue;
    const d = offset - w - v[j];
    if (d < dist[j]) {
      dist[j] = d;
      pred[j] = k;
    }
  }
}

/**
 * An independent optimality check over every pair (used by tests and the
 * benchmark): with prices p ≥ 0 that are 0 on every column with spare
 * capacity, every row must hold an option of greatest value
 * max(0 [unmatched], max_j bonus + w(i, j) - p[j]). By LP duality that makes
 * the assignment optimal. Returns the first violation found, or undefined.
 */
export function checkOptimality(problem: AssignmentProblem, result: AssignmentResult): string | undefined {
  const { rows: n, cols: m, weights: W } = problem;
  const { assignment, prices, bonus } = result;
  const load = new Int32Array(m);
  for (let i = 0; i < n; i++) {
    const j = assignment[i];
    if (j < 0) continue;
    if (W[i * m + j] < 0) return `row ${i} is assigned to a forbidden column ${j}`;
    load[j]++;
  }
  for (let j = 0; j < m; j++) {
    if (load[j] > problem.capacity[j]) return `column ${j} is over capacity`;
    if (prices[j] < 0) return `column ${j} has a negative price`;
    if (prices[j] > 0 && load[j] < Math.min(problem.capacity[j], n)) return `column ${j} has room but a price`;
  }
  for (let i = 0; i < n; i++) {
    const j0 = assignment[i];
    const mine = j0 < 0 ? 0 : bonus + W[i * m + j0] - prices[j0];
    for (let j = 0; j < m; j++) {
      const w = W[i * m + j];
      if (w >= 0 && bonus + w - prices[j] > mine) return `row ${i} prefers column ${j}`;
    }
    if (mine < 0) return `row ${i} prefers to be unmatched`;
  }
  return undefined;
}
