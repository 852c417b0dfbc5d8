/**
 * Academic outcomes of mentored and non-mentored students (issue #7): each
 * group's size and mean GPA or share of "yes", the difference (mentored −
 * non-mentored) and its 95 % confidence interval, from aggregate sums the
 * database computes in one GROUP BY. Pure: no I/O, no clock.
 *
 * - GPA: Welch's t interval for the difference of two means, with the
 *   Welch–Satterthwaite degrees of freedom (no equal-variance assumption).
 * - Yes/no outcomes: Newcombe's hybrid score interval for the difference of
 *   two proportions (method 10 of Newcombe 1998, built from the two Wilson
 *   score intervals), which stays inside [−1, 1] and behaves at 0 % and 100 %.
 *
 * These are observed differences between groups that chose (or were chosen)
 * to take part or not; they are not causal estimates of mentoring's effect.
 *
 * Privacy: a group of fewer than `MIN_GROUP_SIZE` (5) students with a value
 * keeps its `n` but not its value, and the comparison gives no difference or
 * interval: a mean or share of two or three students comes close to saying
 * what each of them got.
 */
import { round } from "./numbers.js";

/** The smallest group whose value is shown: fewer students with a value, and `value`, `difference` and `ci` are null. */
export const MIN_GROUP_SIZE = 5;

/** The two-sided 95 % standard normal quantile, Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

/** What the report says under the figures; the API returns it with them. */
export const OUTCOMES_NOTE =
  "Observed differences, not effects of mentoring: students who took part chose to (or were chosen), so they may differ from the others in ways that also affect grades, enrollment and graduation. " +
  "Mentored: students matched to a mentee of this program who had a match; non-mentored: everyone else in the file, including applicants who were never matched. " +
  "95% confidence intervals: Welch's t interval for GPA, Newcombe's hybrid score interval for shares. An interval that includes 0 is consistent with no difference. " +
  "A group of fewer than 5 students shows only its size, to protect students' privacy.";

// ── Distributions ──────────────────────────────────────────────────────────

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; relative error about 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes, `betacf`). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), for 0 ≤ x ≤ 1 and a, b > 0. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast below the mean (a + 1) / (a + b + 2); above it, use I_x(a, b) = 1 − I_{1−x}(b, a).
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(x, a, b)) / a : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/**
 * The `p` quantile of Student's t distribution with `df` (> 0, not
 * necessarily whole) degrees of freedom. Inverts P(T > t) = ½·I_{df/(df+t²)}(df/2, ½)
 * by bisection on the beta argument, to about 1e-12 in t.
 */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be between 0 and 1, not ${p}`);
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, not ${df}`);
  if (p === 0.5) return 0;
  const tail = p < 0.5 ? p : 1 - p;
  const a = df / 2;
  // I_x(df/2, ½) rises from 0 to 1 with x; find x where it is 2·tail.
  let low = 0;
  let high = 1;
  for (let i = 0; i < 200 && high - low > 1e-17; i++) {
    const mid = (low + high) / 2;
    if (incompleteBeta(mid, a, 0.5) < 2 * tail) low = mid;
    else high = mid;
  }
  const x = (low + high) / 2;
  const t = Math.sqrt((df * (1 - x)) / x);
  return p < 0.5 ? -t : t;
}

// ── Intervals ──────────────────────────────────────────────────────────────

export interface Interval {
  low: number;
  high: number;
}

/** Sums a database can return for a numeric column: the count of values, their sum and their sum of squares. */
export interface MeanSums {
  n: number;
  sum: number;
  sumOfSquares: number;
}

/** The sample variance (n − 1 denominator) from sums; 0 when the spread is within floating-point noise of none. */
export function sampleVariance({ n, sum, sumOfSquares }: MeanSums): number {
  if (n < 2) return 0;
  const squares = sumOfSquares - (sum * sum) / n;
  // sum of squares − sum²/n cancels badly when every value is the same: treat what is left of rounding as no spread.
  return squares <= 1e-12 * Math.max(1, sumOfSquares) ? 0 : squares / (n - 1);
}

export interface WelchResult {
  difference: number;
  standardError: number;
  df: number;
  ci: Interval;
}

/**
 * Welch's t interval for mean(a) − mean(b) at `level` (default 95 %), from
 * each sample's sums. Null when either sample has fewer than 2 values or
 * neither has any spread (the standard error is 0).
 */
export function welchInterval(a: MeanSums, b: MeanSums, level = 0.95): WelchResult | null {
  if (a.n < 2 || b.n < 2) return null;
  const va = sampleVariance(a) / a.n;
  const vb = sampleVariance(b) / b.n;
  const se2 = va + vb;
  if (se2 === 0) return null;
  const difference = a.sum / a.n - b.sum / b.n;
  const standardError = Math.sqrt(se2);
  // Welch–Satterthwaite; a sample without spread contributes nothing to either sum.
  const df = (se2 * se2) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const half = tQuantile(1 - (1 - level) / 2, df) * standardError;
  return { difference, standardError, df, ci: { low: difference - half, high: difference + half } };
}

/** Wilson's score interval for a proportion `yes / n` (no continuity correction); `z` defaults to the 95 % quantile. */
export function wilsonInterval(yes: number, n: number, z = Z95): Interval {
  if (n <= 0) throw new RangeError("a proportion needs at least one observation");
  const p = yes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Newcombe's hybrid score interval (method 10) for p1 − p2, with p1 = yes1/n1
 * and p2 = yes2/n2, as proportions (−1 to 1):
 * L = d − √((p1 − l1)² + (u2 − p2)²), U = d + √((u1 − p1)² + (p2 − l2)²),
 * where (l, u) are each proportion's Wilson interval.
 */
export function newcombeInterval(yes1: number, n1: number, yes2: number, n2: number, z = Z95): Interval {
  const p1 = yes1 / n1;
  const p2 = yes2 / n2;
  const w1 = wilsonInterval(yes1, n1, z);
  const w2 = wilsonInterval(yes2, n2, z);
  const d = p1 - p2;
  return {
    low: Math.max(-1, d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2)),
    high: Math.min(1, d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2)),
  };
}

// ── The comparison ─────────────────────────────────────────────────────────

export interface GroupFigure {
  /** Students in the group with a value for this outcome. */
  n: number;
  /** Mean GPA (two decimals), or the share answering yes in percent (one decimal); null when n is under `MIN_GROUP_SIZE` (0: nothing; 1–4: hidden for privacy). */
  value: number | null;
}

export interface Comparison {
  mentored: GroupFigure;
  nonMentored: GroupFigure;
  /** Mentored − non-mentored: GPA points (two decimals) or percentage points (one decimal); null unless both groups have a value shown. */
  difference: number | null;
  /** The 95 % confidence interval of the difference, in its unit; null when it cannot be estimated or a group is hidden (see `unavailableReason`). */
  ci: Interval | null;
  /** Why `ci` (and perhaps `difference` and a group's value) is missing, in words for the report; null when both are there. */
  unavailableReason: string | null;
}

/** Yes answers among the non-empty answers of a yes/no outcome. */
export interface ShareCounts {
  n: number;
  yes: number;
}

const GROUP_NAMES = { mentored: "mentored", nonMentored: "non-mentored" } as const;
type Group = keyof typeof GROUP_NAMES;

/**
 * Why a comparison has no difference or interval because a group has fewer
 * than `MIN_GROUP_SIZE` students (`has` says what a student must have to
 * count, e.g. "has a GPA"), or null if both groups are large enough.
 */
function smallGroupReason(sizes: Record<Group, number>, has: string): string | null {
  const small = (Object.keys(GROUP_NAMES) as Group[]).filter((group) => sizes[group] < MIN_GROUP_SIZE);
  if (small.length === 0) return null;
  const described = small
    .map((group) => {
      const n = sizes[group];
      if (n === 0) return `no ${GROUP_NAMES[group]} student ${has}`;
      return n === 1 ? `only 1 ${GROUP_NAMES[group]} student ${has}` : `only ${n} ${GROUP_NAMES[group]} students ${has.replace(/^has\b/, "have")}`;
    })
    .join(" and ");
  const empty = small.some((group) => sizes[group] === 0);
  const hidden = small.some((group) => sizes[group] > 0);
  const sentences = [`${described.charAt(0).toUpperCase()}${described.slice(1)}${empty ? ", so there is nothing to compare" : ""}.`];
  if (hidden) sentences.push(`Groups under ${MIN_GROUP_SIZE} students are hidden to protect students' privacy${empty ? "" : ", so there is no difference or confidence interval"}.`);
  return sentences.join(" ");
}

/** A group's figure: its value only when it has at least `MIN_GROUP_SIZE` students. */
const figure = (n: number, value: number | null): GroupFigure => ({ n, value: n >= MIN_GROUP_SIZE ? value : null });

/** Mean GPA of each group, their difference and Welch's 95 % interval. */
export function compareMeans(mentored: MeanSums, nonMentored: MeanSums): Comparison {
  const mean = (sums: MeanSums) => (sums.n > 0 ? sums.sum / sums.n : null);
  const [m, o] = [mean(mentored), mean(nonMentored)];
  const figures = { mentored: figure(mentored.n, m === null ? null : round(m, 2)), nonMentored: figure(nonMentored.n, o === null ? null : round(o, 2)) };
  const small = smallGroupReason({ mentored: mentored.n, nonMentored: nonMentored.n }, "has a GPA");
  if (small || m === null || o === null) return { ...figures, difference: null, ci: null, unavailableReason: small };
  const difference = round(m - o, 2);
  const welch = welchInterval(mentored, nonMentored);
  if (!welch) {
    return { ...figures, difference, ci: null, unavailableReason: "Every GPA within each group is the same, so there is no spread to estimate an interval from." };
  }
  return { ...figures, difference, ci: { low: round(welch.ci.low, 2), high: round(welch.ci.high, 2) }, unavailableReason: null };
}

/** The share answering yes in each group (percent), their difference in percentage points and Newcombe's 95 % interval. */
export function compareShares(mentored: ShareCounts, nonMentored: ShareCounts, has: string): Comparison {
  const share = (counts: ShareCounts) => (counts.n > 0 ? counts.yes / counts.n : null);
  const [m, o] = [share(mentored), share(nonMentored)];
  const figures = { mentored: figure(mentored.n, m === null ? null : round(100 * m, 1)), nonMentored: figure(nonMentored.n, o === null ? null : round(100 * o, 1)) };
  const small = smallGroupReason({ mentored: mentored.n, nonMentored: nonMentored.n }, has);
  if (small || m === null || o === null) return { ...figures, difference: null, ci: null, unavailableReason: small };
  const ci = newcombeInterval(mentored.yes, mentored.n, nonMentored.yes, nonMentored.n);
  return { ...figures, difference: round(100 * (m - o), 1), ci: { low: round(100 * ci.low, 1), high: round(100 * ci.high, 1) }, unavailableReason: null };
}

/** One group's sums as a GROUP BY on the mentored flag returns them. */
export interface OutcomeSumsRow {
  mentored: boolean;
  /** Records (students) in the group. */
  records: number;
  gpaN: number;
  gpaSum: number;
  gpaSumOfSquares: number;
  enrolledNextTermN: number;
  enrolledNextTermYes: number;
  graduatedN: number;
  graduatedYes: number;
}

export interface AcademicOutcomes {
  records: number;
  gpa: Comparison;
  enrolledNextTerm: Comparison;
  graduated: Comparison;
  note: string;
}

/**
 * The three comparisons from the grouped sums (at most one row per group; a
 * missing group has no students). Several rows for one group are added up.
 */
export function academicOutcomes(rows: readonly OutcomeSumsRow[]): AcademicOutcomes {
  const total = (mentored: boolean, key: Exclude<keyof OutcomeSumsRow, "mentored">) => rows.filter((row) => row.mentored === mentored).reduce((sum, row) => sum + Number(row[key]), 0);
  const means = (mentored: boolean): MeanSums => ({ n: total(mentored, "gpaN"), sum: total(mentored, "gpaSum"), sumOfSquares: total(mentored, "gpaSumOfSquares") });
  const shares = (mentored: boolean, outcome: "enrolledNextTerm" | "graduated"): ShareCounts => ({ n: total(mentored, `${outcome}N`), yes: total(mentored, `${outcome}Yes`) });
  return {
    records: total(true, "records") + total(false, "records"),
    gpa: compareMeans(means(true), means(false)),
    enrolledNextTerm: compareShares(shares(true, "enrolledNextTerm"), shares(false, "enrolledNextTerm"), "has an answer for enrollment next term"),
    graduated: compareShares(shares(true, "graduated"), shares(false, "graduated"), "has an answer for graduation"),
    note: OUTCOMES_NOTE,
  };
}
