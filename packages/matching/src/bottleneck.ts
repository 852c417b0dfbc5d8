/**
 * For `max_min`: the highest score threshold that still lets the most mentees
 * be matched. Maximum cardinality is monotone in the threshold (fewer usable
 * pairs never allow more matches), so a binary search over the distinct scores
 * present, each step a Hopcroft–Karp maximum b-matching warm-started from the
 * last feasible step, finds it exactly.
 */
import type { AssignmentProblem, Progress } from "./solver.js";

/**
 * Maximum-cardinality b-matching using only pairs with weight ≥ threshold
 * (Hopcroft–Karp with capacitated columns). `initial` (optional) is a valid
 * assignment to start from; pairs below the threshold are dropped from it.
 */
export function maxCardinality(problem: AssignmentProblem, threshold: number, initial?: Int32Array): Int32Array {
  const { rows: n, cols: m, weights: W } = problem;
  const capacity = Int32Array.from(problem.capacity, (c) => Math.min(c, n));
  const assignment = new Int32Array(n).fill(-1);
  const load = new Int32Array(m);
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

  if (initial) {
    for (let i = 0; i < n; i++) {
      const j = initial[i];
      if (j >= 0 && W[i * m + j] >= threshold && load[j] < capacity[j]) place(i, j);
    }
  }
  // Greedy: each free row takes the first usable column with room.
  for (let i = 0; i < n; i++) {
    if (assignment[i] >= 0) continue;
    const base = i * m;
    for (let j = 0; j < m; j++) {
      if (W[base + j] >= threshold && load[j] < capacity[j]) {
        place(i, j);
        break;
      }
    }
  }

  const INF = 0x7fffffff;
  const layer = new Int32Array(n);
  const queue = new Int32Array(n);
  const arc = new Int32Array(n); // next column to try, per row (current-arc)
  const stack = new Int32Array(n);
  const via = new Int32Array(n); // the column through which a stacked row was reached

  for (;;) {
    // BFS from every free row that has a usable pair, in layers; stop at the first layer that reaches room.
    let head = 0;
    let tail = 0;
    for (let i = 0; i < n; i++) {
      if (assignment[i] < 0) {
        layer[i] = 0;
        queue[tail++] = i;
      } else layer[i] = INF;
    }
    let limit = INF;
    while (head < tail) {
      const k = queue[head++];
      if (layer[k] >= limit) break;
      const base = k * m;
      for (let j = 0; j < m; j++) {
        if (W[base + j] < threshold || assignment[k] === j) continue;
        if (load[j] < capacity[j]) {
          limit = layer[k] + 1;
          continue;
        }
        for (let s = slotStart[j], end = s + load[j]; s < end; s++) {
          const r = slots[s];
          if (layer[r] === INF) {
            layer[r] = layer[k] + 1;
            queue[tail++] = r;
          }
        }
      }
    }
    if (limit === INF) break;

    // DFS along the layers from each free row; shortest augmenting paths, vertex-disjoint in rows.
    let augmented = 0;
    arc.fill(0);
    for (let start = 0; start < n; start++) {
      if (assignment[start] >= 0 || layer[start] !== 0) continue;
      let depth = 0;
      stack[0] = start;
      while (depth >= 0) {
        const k = stack[depth];
        const base = k * m;
        let advanced = false;
        while (arc[k] < m) {
          const j = arc[k];
          if (W[base + j] < threshold || assignment[k] === j) {
            arc[k]++;
            continue;
          }
          if (load[j] < capacity[j]) {
            if (layer[k] + 1 !== limit) {
              arc[k]++;
              continue;
            }
            // Augment: the deepest row takes the room in j; every other row on the stack takes the slot of the row above it.
            let target = j;
            let freed = slotStart[j] + load[j]++;
            for (let d = depth; d >= 0; d--) {
              const row = stack[d];
              const previousSlot = slotOf[row];
              const previous = assignment[row];
              slots[freed] = row;
              slotOf[row] = freed;
              assignment[row] = target;
              target = previous;
              freed = previousSlot;
              layer[row] = INF; // each row on at most one path per phase
            }
            augmented++;
            depth = -1;
            advanced = true;
            break;
          }
          let next = -1;
          for (let s = slotStart[j], end = s + load[j]; s < end; s++) {
            const r = slots[s];
            if (layer[r] === layer[k] + 1 && layer[r] < limit) {
              next = r;
              break;
            }
          }
          if (next < 0) {
            arc[k]++;
            continue;
          }
          via[next] = j;
          stack[++depth] = next;
          advanced = true;
          break;
        }
        if (!advanced) {
          layer[k] = INF; // dead end for this phase; the row below tries the column's other rows, then moves on
          depth--;
        }
      }
    }
    if (augmented === 0) break;
  }
  return assignment;
}

export function countMatched(assignment: Int32Array): number {
  let count = 0;
  for (let i = 0; i < assignment.length; i++) if (assignment[i] >= 0) count++;
  return count;
}

/**
 * The largest threshold t ≤ cap such that using only pairs scoring ≥ t still
 * matches as many rows as using every pair; `cap` is the lowest locked pair's
 * score (Infinity without locked pairs): above it the result's minimum cannot rise.
 * Returns -Infinity when no row can be matched at all.
 */
export function bestThreshold(problem: AssignmentProblem, cap: number, progress?: Progress): number {
  const { weights: W } = problem;
  const report = progress ?? (() => {});
  const all = maxCardinality(problem, 0);
  const target = countMatched(all);
  if (target === 0) return -Infinity;

  // The distinct weights up to the cap, ascending (a presence bitmap: weights are small integers).
  let top = 0;
  for (let index = 0; index < W.length; index++) if (W[index] > top) top = W[index];
  const present = new Uint8Array(top + 1);
  for (let index = 0; index < W.length; index++) {
    const w = W[index];
    if (w >= 0 && w <= cap) present[w] = 1;
  }
  const list: number[] = [];
  for (let w = 0; w <= top; w++) if (present[w]) list.push(w);
  if (Number.isFinite(cap) && (cap > top || present[cap] === 0)) list.push(cap);
  const candidates = Float64Array.from(list).sort();

  // Invariant: candidates[lo] keeps the target (the smallest candidate does: no usable pair is below it, or it is the cap).
  let lo = 0;
  let hi = candidates.length - 1;
  let best = all;
  const steps = Math.max(1, Math.ceil(Math.log2(candidates.length + 1)));
  let step = 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    const assignment = maxCardinality(problem, candidates[mid], best);
    if (countMatched(assignment) === target) {
      lo = mid;
      best = assignment;
    } else hi = mid - 1;
    report(++step / steps);
  }
  report(1);
  return candidates[lo];
}
