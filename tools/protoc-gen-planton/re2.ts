// Translates an RE2 pattern (the syntax of `string.pattern` and of CEL's
// `matches()`) into an ECMAScript pattern with the same meaning, for the
// `pattern` keyword of JSON Schema. The result is valid with and without the `u`
// flag (Ajv compiles with it; some editors without). Constructs whose meaning
// differs and that have no simple equivalent (flags, Unicode classes, POSIX
// classes, \Q…\E) are refused rather than translated loosely.

const SYNTAX = new Set(["^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "/"]);
// RE2's \s is ASCII whitespace without \v; ECMAScript's includes Unicode spaces.
const SPACE = "\\t\\n\\f\\r ";
const QUANTIFIER = /^\{\d+(,\d*)?\}/;

export class Re2TranslationError extends Error {
  override name = "Re2TranslationError";
}

export function re2ToEcmaScript(pattern: string): string {
  let out = "";
  let i = 0;
  const fail = (what: string): never => {
    throw new Re2TranslationError(
      `pattern ${JSON.stringify(pattern)}: ${what} at offset ${i} has no ECMAScript equivalent`,
    );
  };

  const readEscape = (inClass: boolean): string => {
    const c = pattern[i + 1];
    if (c === undefined) return fail("a trailing backslash");
    i += 2;
    switch (c) {
      case "d":
      case "D":
      case "w":
      case "W":
      case "n":
      case "t":
      case "r":
      case "f":
      case "v":
        return `\\${c}`;
      case "s":
        return inClass ? SPACE : `[${SPACE}]`;
      case "S":
        return inClass ? fail("\\S inside a class") : `[^${SPACE}]`;
      case "b":
      case "B":
        return inClass ? fail(`\\${c} inside a class`) : `\\${c}`;
      case "A":
        return inClass ? fail("\\A inside a class") : "^";
      case "z":
        return inClass ? fail("\\z inside a class") : "$";
      case "a":
        return "\\x07";
      case "x": {
        const braced = /^\{([0-9A-Fa-f]{1,4})\}/.exec(pattern.slice(i));
        if (braced?.[1] !== undefined) {
          i += braced[0].length;
          return `\\u${braced[1].padStart(4, "0")}`;
        }
        const two = /^[0-9A-Fa-f]{2}/.exec(pattern.slice(i));
        if (!two) return fail("\\x escape");
        i += 2;
        return `\\x${two[0]}`;
      }
      default:
        if (/[A-Za-z0-9]/.test(c)) return fail(`\\${c}`);
        // An escaped punctuation character is that character. ECMAScript's `u` mode
        // only allows escaping syntax characters (and '-' inside a class).
        if (SYNTAX.has(c) || (inClass && c === "-")) return `\\${c}`;
        return c;
    }
  };

  const charClass = (): string => {
    let body = "[";
    i++;
    if (pattern[i] === "^") {
      body += "^";
      i++;
    }
    let first = true;
    for (;;) {
      const c = pattern[i];
      if (c === undefined) return fail("an unterminated class");
      if (c === "]" && !first) {
        i++;
        return `${body}]`;
      }
      first = false;
      if (c === "\\") {
        body += readEscape(true);
      } else if (c === "[") {
        if (pattern[i + 1] === ":") return fail("a POSIX class");
        body += "\\[";
        i++;
      } else if (c === "]") {
        body += "\\]";
        i++;
      } else {
        body += c;
        i++;
      }
    }
  };

  while (i < pattern.length) {
    const c = pattern[i] as string;
    switch (c) {
      case "\\":
        out += readEscape(false);
        break;
      case "[":
        out += charClass();
        break;
      case "(":
        if (pattern[i + 1] === "?") {
          if (pattern.startsWith("(?:", i)) {
            out += "(?:";
            i += 3;
          } else if (pattern.startsWith("(?P<", i)) {
            out += "(?<";
            i += 4;
          } else if (pattern.startsWith("(?<", i)) {
            out += "(?<";
            i += 3;
          } else {
            fail("a flag group");
          }
        } else {
          out += "(";
          i++;
        }
        break;
      case "{": {
        const q = QUANTIFIER.exec(pattern.slice(i));
        if (q) {
          out += q[0];
          i += q[0].length;
        } else {
          out += "\\{";
          i++;
        }
        break;
      }
      case "}":
      case "]":
        out += `\\${c}`;
        i++;
        break;
      case ".":
        // RE2's dot excludes only \n; ECMAScript's also \r, \u2028 and \u2029.
        out += "[^\\n]";
        i++;
        break;
      default:
        out += c;
        i++;
    }
  }
  return out;
}
