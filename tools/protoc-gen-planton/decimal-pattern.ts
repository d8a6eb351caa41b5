// Regular expressions for decimal integer strings within a range. ProtoJSON
// writes 64-bit integers as strings ("3600"), and JSON Schema can bound a string
// only with a pattern, so a range like [0, 2^63-1] becomes one.

/** A regex (no anchors) for digit strings, leading zeros allowed, whose value is at most `n` (n >= 0). */
function atMost(n: bigint): string {
  const digits = n.toString();
  const k = digits.length;
  const alternatives: string[] = [];
  if (k > 1) alternatives.push(k === 2 ? "[0-9]" : `[0-9]{1,${k - 1}}`);
  for (let i = 0; i < k; i++) {
    const d = Number(digits[i]);
    if (d === 0) continue;
    const rest = k - i - 1;
    const digit = d === 1 ? "0" : `[0-${d - 1}]`;
    alternatives.push(digits.slice(0, i) + digit + (rest === 0 ? "" : rest === 1 ? "[0-9]" : `[0-9]{${rest}}`));
  }
  alternatives.push(digits);
  return `0*(?:${alternatives.join("|")})`;
}

/** A regex (no anchors) for digit strings whose value is in [lo, hi] (0 <= lo <= hi). */
function nonNegative(lo: bigint, hi: bigint): string {
  if (lo === 0n) return atMost(hi);
  return `(?!${atMost(lo - 1n)}$)${atMost(hi)}`;
}

/**
 * An anchored pattern for decimal strings ("-12", "0042") whose value is in
 * [min, max], as ProtoJSON parsers read them.
 */
export function decimalRangePattern(min: bigint, max: bigint): string {
  if (min > max) return "(?!)";
  const parts: string[] = [];
  if (max >= 0n) parts.push(nonNegative(min > 0n ? min : 0n, max));
  if (min < 0n) {
    // Negative values v in [min, min(max, -1)]: magnitudes in [max(-max, 1), -min].
    const lo = max < 0n ? -max : 1n;
    parts.push(`-${nonNegative(lo, -min)}`);
  }
  return parts.length === 1 ? `^${parts[0]}$` : `^(?:${parts.join("|")})$`;
}
