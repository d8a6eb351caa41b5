// Kubernetes resource quantities ("500m", "1.5", "256Mi", "1e3"), compared
// exactly: a double would call 9007199254740993 and 9007199254740992 equal where
// the API server does not.

const binaryPowers: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalPowers: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const pattern = /^\+?(\d+)?(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE]([+-]?\d+))?$/;

/** A quantity as mantissa × 10^pow10 × 2^pow2, exactly. */
export interface ExactQuantity {
  mantissa: bigint;
  pow10: number;
  pow2: number;
}

/** Parses a non-negative quantity exactly; undefined when it is not one (or its exponent is absurd). */
export function parseQuantityExact(text: string): ExactQuantity | undefined {
  const m = pattern.exec(text);
  if (!m || (m[1] === undefined && (m[2] === undefined || m[2] === ""))) return undefined;
  const whole = m[1] ?? "";
  const fraction = m[2] ?? "";
  const suffix = m[3] ?? "";
  let pow10 = -fraction.length;
  let pow2 = 0;
  if (m[4] !== undefined) pow10 += Number(m[4]);
  else if (suffix in binaryPowers) pow2 = binaryPowers[suffix] as number;
  else pow10 += decimalPowers[suffix] as number;
  if (Math.abs(pow10) > 1000) return undefined;
  return { mantissa: BigInt(`${whole}${fraction}` || "0"), pow10, pow2 };
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareQuantities(a: ExactQuantity, b: ExactQuantity): number {
  const p10 = Math.min(a.pow10, b.pow10);
  const p2 = Math.min(a.pow2, b.pow2);
  const scale = (q: ExactQuantity) => q.mantissa * 10n ** BigInt(q.pow10 - p10) * 2n ** BigInt(q.pow2 - p2);
  const x = scale(a);
  const y = scale(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The value of a quantity in base units (cores, bytes), as a double; undefined when it is not one. */
export function parseQuantity(text: string): number | undefined {
  const q = parseQuantityExact(text);
  return q === undefined ? undefined : Number(q.mantissa) * 10 ** q.pow10 * 2 ** q.pow2;
}
