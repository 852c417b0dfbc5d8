/** Rounding and shares, the same way in every figure. */

/** `value` rounded half away from zero to `digits` decimals (1.005 → 1.01 despite binary floats). */
export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  const rounded = (Math.sign(value) * Math.round((Math.abs(value) + Number.EPSILON) * factor)) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** `part` of `whole` in percent with one decimal; null when `whole` is 0 (a share of nothing is unknown, not 0 %). */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? round((100 * part) / whole, 1) : null;
}

/** `part / whole` with two decimals; null when `whole` is 0. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? round(part / whole, 2) : null;
}

/**
 * The median of values given as a histogram (`value` seen `n` times): the
 * middle value, or the mean of the two middle ones for an even count; null
 * for an empty histogram. Rows may come in any order; rows with n ≤ 0 count for nothing.
 */
export function histogramMedian(rows: readonly { value: number; n: number }[]): number | null {
  const sorted = rows.filter((row) => row.n > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, row) => sum + row.n, 0);
  if (total === 0) return null;
  const at = (index: number) => {
    let seen = 0;
    for (const row of sorted) {
      seen += row.n;
      if (index < seen) return row.value;
    }
    return sorted[sorted.length - 1]!.value;
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}
