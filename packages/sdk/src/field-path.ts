// Manifest field paths, spelled the way the manifest spells them:
// `spec.volumeMounts[1].mountPath`, `spec.env.secrets.API_KEY.secretRef.key`,
// `metadata.labels["app.kubernetes.io/name"]`.

const plainKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function joinField(base: string, name: string): string {
  return base === "" ? name : `${base}.${name}`;
}

export function joinIndex(base: string, index: number): string {
  return `${base}[${index}]`;
}

export function joinKey(base: string, key: string): string {
  return plainKey.test(key) ? joinField(base, key) : `${base}[${JSON.stringify(key)}]`;
}

/** A parsed path segment: a field or map key name, or a list index. */
export type PathSegment = { name: string } | { index: number };

/**
 * Splits a path into segments: `a.b[2]["x.y"].c` → a, b, 2, x.y, c. Returns a
 * string describing the problem for malformed paths.
 */
export function parsePath(path: string): PathSegment[] | string {
  const out: PathSegment[] = [];
  let i = 0;
  const n = path.length;
  if (n === 0) return "the path is empty";
  while (i < n) {
    const ch = path[i];
    if (ch === "[") {
      const close = path.indexOf("]", i);
      if (close < 0) return `unclosed "[" at character ${i + 1}`;
      const inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) out.push({ index: Number(inner) });
      else if (/^".*"$/.test(inner) || /^'.*'$/.test(inner)) out.push({ name: inner.slice(1, -1) });
      else return `"[${inner}]" is neither a list index nor a quoted key`;
      i = close + 1;
      if (path[i] === ".") i++;
      continue;
    }
    let j = i;
    while (j < n && path[j] !== "." && path[j] !== "[") j++;
    const name = path.slice(i, j);
    if (name === "") return `empty segment at character ${i + 1}`;
    out.push({ name });
    i = j < n && path[j] === "." ? j + 1 : j;
    if (path[j] === "." && j === n - 1) return "the path ends with '.'";
  }
  return out;
}
