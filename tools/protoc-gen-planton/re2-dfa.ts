// Compiles an RE2 pattern (the syntax of `string.pattern` and of CEL's `matches()`)
// at generate time into a deterministic finite automaton that the generated
// validators run in one pass over the input: time linear in the input's length,
// whatever the pattern, because there is nothing to backtrack. This is how the
// validators keep RE2's guarantee without shipping an RE2 engine (and why they do
// not use the platform's backtracking RegExp).
//
// Semantics are RE2's: a pattern matches anywhere in the text unless anchored;
// `^`/`\A` only at the start of the text and `$`/`\z` only at its end (no
// multi-line mode); `.` is any code point but "\n"; `\s` is ASCII white space
// without "\v"; classes and `.` work on code points, not UTF-16 units.
// Constructs the compiler does not implement (flags, Unicode classes, word
// boundaries, POSIX classes, \Q…\E) are refused with the pattern and offset.

export class Re2CompileError extends Error {
  override name = "Re2CompileError";
}

type Ranges = [number, number][];
type Node =
  | { t: "set"; r: Ranges }
  | { t: "cat"; xs: Node[] }
  | { t: "alt"; xs: Node[] }
  | { t: "rep"; x: Node; min: number; max: number }
  | { t: "bol" }
  | { t: "eol" };

const MAX_CP = 0x10ffff;
const MAX_REPEAT = 1000; // RE2's own limit
const MAX_STATES = 20000;

const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
const SPACE: Ranges = [
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
];

function normalize(r: Ranges): Ranges {
  const s = [...r].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of s) {
    const last = out.at(-1);
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function negate(r: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of normalize(r)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

/** Parses the RE2 subset into a syntax tree. */
export function parseRe2(pattern: string): Node {
  let i = 0;
  const fail = (what: string): never => {
    throw new Re2CompileError(`pattern ${JSON.stringify(pattern)}: ${what} at offset ${i} is not supported`);
  };
  const cp = (): number => {
    const c = pattern.codePointAt(i);
    if (c === undefined) return fail("the end of the pattern");
    return c;
  };
  const single = (c: number): Ranges => [[c, c]];

  // An escape after the backslash at i; returns a set of code points, or an anchor.
  const readEscape = (inClass: boolean): Ranges | "bol" | "eol" => {
    i++;
    if (i >= pattern.length) return fail("a trailing backslash");
    const c = pattern[i] as string;
    i++;
    switch (c) {
      case "d":
        return DIGIT;
      case "D":
        return negate(DIGIT);
      case "w":
        return WORD;
      case "W":
        return negate(WORD);
      case "s":
        return SPACE;
      case "S":
        return negate(SPACE);
      case "n":
        return single(0x0a);
      case "t":
        return single(0x09);
      case "r":
        return single(0x0d);
      case "f":
        return single(0x0c);
      case "v":
        return single(0x0b);
      case "a":
        return single(0x07);
      case "A":
        return inClass ? fail("\\A inside a class") : "bol";
      case "z":
        return inClass ? fail("\\z inside a class") : "eol";
      case "x": {
        const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(pattern.slice(i));
        if (braced?.[1] !== undefined) {
          i += braced[0].length;
          return single(Number.parseInt(braced[1], 16));
        }
        const two = /^[0-9A-Fa-f]{2}/.exec(pattern.slice(i));
        if (!two) return fail("a \\x escape");
        i += 2;
        return single(Number.parseInt(two[0], 16));
      }
      default:
        i--;
        if (/[A-Za-z0-9]/.test(c)) return fail(`\\${c}`);
        {
          const p = cp();
          i += p > 0xffff ? 2 : 1;
          return single(p);
        }
    }
  };

  const charClass = (): Node => {
    i++; // [
    let neg = false;
    if (pattern[i] === "^") {
      neg = true;
      i++;
    }
    const ranges: Ranges = [];
    let first = true;
    for (;;) {
      if (i >= pattern.length) return fail("an unterminated class");
      if (pattern[i] === "]" && !first) {
        i++;
        break;
      }
      first = false;
      if (pattern[i] === "[" && pattern[i + 1] === ":") return fail("a POSIX class");
      let lo: number;
      if (pattern[i] === "\\") {
        const e = readEscape(true);
        if (typeof e === "string") return fail("an anchor in a class");
        if (e.length !== 1 || (e[0] as [number, number])[0] !== (e[0] as [number, number])[1]) {
          ranges.push(...e);
          continue;
        }
        lo = (e[0] as [number, number])[0];
      } else {
        lo = cp();
        i += lo > 0xffff ? 2 : 1;
      }
      if (pattern[i] === "-" && pattern[i + 1] !== "]" && i + 1 < pattern.length) {
        i++;
        let hi: number;
        if (pattern[i] === "\\") {
          const e = readEscape(true);
          if (
            typeof e === "string" ||
            e.length !== 1 ||
            (e[0] as [number, number])[0] !== (e[0] as [number, number])[1]
          )
            return fail("a class range ending in a class");
          hi = (e[0] as [number, number])[0];
        } else {
          hi = cp();
          i += hi > 0xffff ? 2 : 1;
        }
        if (hi < lo) return fail("a reversed class range");
        ranges.push([lo, hi]);
      } else {
        ranges.push([lo, lo]);
      }
    }
    const r = normalize(ranges);
    return { t: "set", r: neg ? negate(r) : r };
  };

  const alternation = (): Node => {
    const xs: Node[] = [concatenation()];
    while (pattern[i] === "|") {
      i++;
      xs.push(concatenation());
    }
    return xs.length === 1 ? (xs[0] as Node) : { t: "alt", xs };
  };

  const concatenation = (): Node => {
    const xs: Node[] = [];
    while (i < pattern.length && pattern[i] !== "|" && pattern[i] !== ")") {
      let atom = atomAt();
      for (;;) {
        const q = quantifier();
        if (!q) break;
        if (atom.t === "bol" || atom.t === "eol") return fail("a repeated anchor");
        atom = { t: "rep", x: atom, min: q[0], max: q[1] };
      }
      xs.push(atom);
    }
    return { t: "cat", xs };
  };

  const quantifier = (): [number, number] | undefined => {
    const c = pattern[i];
    let q: [number, number] | undefined;
    if (c === "*") q = [0, -1];
    else if (c === "+") q = [1, -1];
    else if (c === "?") q = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!m) return undefined;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === "" ? -1 : Number(m[3]);
      if (min > MAX_REPEAT || max > MAX_REPEAT || (max !== -1 && max < min)) return fail("a bad repeat count");
      i += m[0].length - 1;
      q = [min, max];
    } else return undefined;
    i++;
    if (pattern[i] === "?") i++; // non-greedy: the same language
    return q;
  };

  const atomAt = (): Node => {
    const c = pattern[i] as string;
    switch (c) {
      case "(": {
        if (pattern[i + 1] === "?") {
          if (pattern.startsWith("(?:", i)) i += 3;
          else if (pattern.startsWith("(?P<", i) || pattern.startsWith("(?<", i)) {
            const close = pattern.indexOf(">", i);
            if (close < 0) return fail("an unterminated group name");
            i = close + 1;
          } else return fail("a flag group");
        } else i++;
        const inner = alternation();
        if (pattern[i] !== ")") return fail("a missing ')'");
        i++;
        return inner;
      }
      case "[":
        return charClass();
      case ".":
        i++;
        return {
          t: "set",
          r: [
            [0, 0x09],
            [0x0b, MAX_CP],
          ],
        };
      case "^":
        i++;
        return { t: "bol" };
      case "$":
        i++;
        return { t: "eol" };
      case "\\": {
        const e = readEscape(false);
        return typeof e === "string" ? { t: e } : { t: "set", r: normalize(e) };
      }
      case "*":
      case "+":
      case "?":
        return fail("a missing repeat argument");
      default: {
        const p = cp();
        i += p > 0xffff ? 2 : 1;
        return { t: "set", r: single(p) };
      }
    }
  };

  const tree = alternation();
  if (i < pattern.length) fail("an unmatched ')'");
  return tree;
}

// Thompson NFA: every state is a code point set, an epsilon fork, an anchor or the match.
type NState =
  | { k: "set"; r: Ranges; out: number }
  | { k: "eps"; outs: number[] }
  | { k: "bol" | "eol"; out: number }
  | { k: "match" };

function buildNfa(tree: Node): { states: NState[]; start: number } {
  const states: NState[] = [{ k: "match" }];
  const add = (s: NState): number => {
    if (states.length > MAX_STATES) throw new Re2CompileError("the pattern expands to too many states");
    states.push(s);
    return states.length - 1;
  };
  // Builds `n` so that it continues to `next`; returns its entry state.
  const build = (n: Node, next: number): number => {
    switch (n.t) {
      case "set":
        return add({ k: "set", r: n.r, out: next });
      case "bol":
      case "eol":
        return add({ k: n.t, out: next });
      case "cat": {
        let entry = next;
        for (let j = n.xs.length - 1; j >= 0; j--) entry = build(n.xs[j] as Node, entry);
        return entry;
      }
      case "alt":
        return add({ k: "eps", outs: n.xs.map((x) => build(x, next)) });
      case "rep": {
        let entry = next;
        if (n.max === -1) {
          const loop = add({ k: "eps", outs: [] });
          const body = build(n.x, loop);
          (states[loop] as { outs: number[] }).outs = [body, next];
          entry = loop;
        } else {
          for (let j = n.max - n.min; j > 0; j--) entry = add({ k: "eps", outs: [build(n.x, entry), next] });
        }
        for (let j = 0; j < n.min; j++) entry = build(n.x, entry);
        return entry;
      }
    }
  };
  const start = build(tree, 0);
  return { states, start };
}

/** A DFA as the generated code embeds it; see `matchDfa` in the validator runtime. */
export interface Dfa {
  /** Lower bounds of the input classes: class c is [bounds[c], bounds[c+1]). */
  bounds: number[];
  /** Number of classes. */
  k: number;
  /** next[state * k + class]. State 0 is the start. */
  next: number[];
  /** Per state: 0 go on, 1 matched (stop: true), 2 dead (stop: false). */
  stop: number[];
  /** Per state: 1 when the text may end here and match. */
  end: number[];
}

/** Compiles an RE2 pattern into a DFA that answers RE2's `matches` (unanchored search). */
export function compileRe2(pattern: string): Dfa {
  const { states, start } = buildNfa(parseRe2(pattern));
  const cuts = new Set<number>([0]);
  for (const s of states)
    if (s.k === "set")
      for (const [lo, hi] of s.r) {
        cuts.add(lo);
        if (hi + 1 <= MAX_CP) cuts.add(hi + 1);
      }
  const bounds = [...cuts].sort((a, b) => a - b);
  const k = bounds.length;
  const classOf = (c: number): number => {
    let lo = 0;
    let hi = k - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((bounds[mid] as number) <= c) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // Per NFA set state, the classes it accepts.
  const accepts = new Map<number, Set<number>>();
  states.forEach((s, id) => {
    if (s.k !== "set") return;
    const cls = new Set<number>();
    for (const [lo, hi] of s.r) for (let c = classOf(lo); c < k && (bounds[c] as number) <= hi; c++) cls.add(c);
    accepts.set(id, cls);
  });

  const closure = (seeds: Iterable<number>, atStart: boolean, atEnd: boolean): number[] => {
    const seen = new Set<number>();
    const stack = [...seeds];
    while (stack.length > 0) {
      const id = stack.pop() as number;
      if (seen.has(id)) continue;
      seen.add(id);
      const s = states[id] as NState;
      if (s.k === "eps") stack.push(...s.outs);
      else if (s.k === "bol" && atStart) stack.push(s.out);
      else if (s.k === "eol" && atEnd) stack.push(s.out);
    }
    return [...seen].sort((a, b) => a - b);
  };
  const restart = closure([start], false, false);

  const ids = new Map<string, number>();
  const sets: number[][] = [];
  const next: number[] = [];
  const stop: number[] = [];
  const end: number[] = [];
  const intern = (set: number[], initial = false): number => {
    // The start state stays apart: only there do `^` and an empty text's `$` hold together.
    const key = (initial ? "start:" : "") + set.join(",");
    let id = ids.get(key);
    if (id === undefined) {
      id = sets.length;
      if (id >= MAX_STATES)
        throw new Re2CompileError(`pattern ${JSON.stringify(pattern)}: the DFA has too many states`);
      ids.set(key, id);
      sets.push(set);
    }
    return id;
  };
  intern(closure([start], true, false), true);
  for (let d = 0; d < sets.length; d++) {
    const set = sets[d] as number[];
    const matched = set.includes(0);
    stop[d] = matched ? 1 : set.length === 0 ? 2 : 0;
    end[d] = matched || closure(set, d === 0, true).includes(0) ? 1 : 0;
    for (let c = 0; c < k; c++) {
      if (stop[d] !== 0) {
        next[d * k + c] = d;
        continue;
      }
      const moved: number[] = [];
      for (const id of set) {
        const s = states[id] as NState;
        if (s.k === "set" && accepts.get(id)?.has(c)) moved.push(s.out);
      }
      next[d * k + c] = intern(closure([...moved, ...restart], false, false));
    }
  }
  return { bounds, k, next, stop, end };
}
