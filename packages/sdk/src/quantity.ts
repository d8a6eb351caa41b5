// Kubernetes resource quantities ("500m", "1.5", "256Mi", "1e3"), as numbers, for
// the comparisons the schema's CEL cannot make.

const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimal: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
const pattern = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?(?:\d+(?:\.\d*)?|\.\d+))?$/;

/** The value of a quantity in base units (cores, bytes), or undefined when it is not one. */
export function parseQuantity(text: string): number | undefined {
  const m = pattern.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2] ?? "";
  if (suffix in binary) return n * (binary[suffix] as number);
  if (suffix in decimal) return n * (decimal[suffix] as number);
  return n * 10 ** Number(suffix.slice(1));
}
