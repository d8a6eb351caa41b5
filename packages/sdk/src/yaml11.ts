// YAML 1.1 as the Project Planton Go tools read it. They load manifests with
// sigs.k8s.io/yaml (go-yaml v2, YAML 1.1): an unquoted `0755` is octal 493, `1_000`
// is 1000, `0b101` is 5, and `yes`/`no`/`on`/`off`/`y`/`n` are booleans. Planton
// parses YAML 1.2, where `0755` is decimal 755 and `yes` a string. Where a field's
// type leaves one sensible reading, the decoder takes the Go tools' one; where the
// two readings differ and either could be meant, it refuses with a hint that
// names the fix. Nothing is changed silently.
import type { Scalar } from "yaml";

/** The reading of an integer scalar: the digits to use, or a problem to report. */
export type IntegerReading = { text: string } | { problem: string; rule: string } | undefined;

const YAML11_TRUE = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"]);
const YAML11_FALSE = new Set(["n", "N", "no", "No", "NO", "off", "Off", "OFF"]);

/** Whether the scalar was written without quotes (only plain scalars are resolved to numbers or booleans). */
function isPlain(node: Scalar): boolean {
  return node.type === "PLAIN" || node.type === undefined;
}

function written(node: Scalar): string | undefined {
  return typeof node.source === "string" ? node.source.trim() : undefined;
}

/**
 * A YAML 1.1 boolean written for a bool field: `yes`, `on`, `y` (true) and `no`,
 * `off`, `n` (false), unquoted, as the Go tools read them. Undefined for anything else.
 */
export function yaml11Bool(node: Scalar): boolean | undefined {
  if (!isPlain(node) || typeof node.value !== "string") return undefined;
  if (YAML11_TRUE.has(node.value)) return true;
  if (YAML11_FALSE.has(node.value)) return false;
  return undefined;
}

/** A hint for a quoted YAML 1.1 boolean word, which both readers take as a string. */
export function quotedBoolHint(node: Scalar): string | undefined {
  if (isPlain(node) || typeof node.value !== "string") return undefined;
  return YAML11_TRUE.has(node.value) || YAML11_FALSE.has(node.value) || /^(true|false)$/i.test(node.value)
    ? `; write true or false without quotes`
    : undefined;
}

/** Whether a field holds file mode bits (defaultMode, mode): written in octal by habit. */
export function isModeField(path: string): boolean {
  return /(^|\.)(defaultMode|mode)$/.test(path);
}

/**
 * The integer a scalar stands for where YAML 1.1 and 1.2 disagree, for a field at
 * `path`; undefined where they agree (the caller reads the scalar as usual).
 * - unquoted `0755` (leading zero): octal for the Go tools, decimal for YAML 1.2.
 *   In a mode field it is octal (493); elsewhere the reader cannot tell which was
 *   meant, so it is refused with both readings.
 * - unquoted `1_000` and `0b101`: the Go tools' 1000 and 5 (YAML 1.2 reads strings).
 * Under a `%YAML 1.1` directive the parser reads numbers that way itself.
 * - in a mode field, a decimal above 0777 whose digits are all octal (`755`) or a
 *   quoted `"0755"` (decimal 755 to every JSON reader): refused, naming the octal
 *   form, rather than reported later as out of range.
 */
export function yaml11Integer(node: Scalar, path: string, declared11 = false): IntegerReading {
  const src = written(node);
  if (src === undefined) return undefined;
  // Under a `%YAML 1.1` directive the document says which reading it means.
  if (declared11 && isPlain(node)) {
    const m = /^([-+]?)0([0-7_]+)$/.exec(src);
    if (m) return { text: `${m[1] === "-" ? "-" : ""}${BigInt(`0o${(m[2] as string).replace(/_/g, "")}`)}` };
    if (typeof node.value === "number") return undefined;
  }
  const mode = isModeField(path);
  if (!isPlain(node)) {
    if (mode && /^0[0-7]+$/.test(src.replace(/^["']|["']$/g, ""))) {
      const digits = src.replace(/^["']|["']$/g, "");
      return {
        problem: `the quoted ${JSON.stringify(digits)} is decimal ${Number.parseInt(digits, 10)}, not the octal file mode ${digits}; write ${digits} without quotes (octal, as the Go tools read it) or ${Number.parseInt(digits, 8)}`,
        rule: "type.mode_octal",
      };
    }
    return undefined;
  }
  const sign = /^[-+]/.test(src) ? src[0] : "";
  const body = sign ? src.slice(1) : src;
  const neg = sign === "-" ? "-" : "";
  if (/^0[0-7]+$/.test(body)) {
    const octal = BigInt(`0o${body}`).toString();
    if (mode) return { text: `${neg}${octal}` };
    // `07`: both readings agree.
    if (octal === BigInt(body).toString()) return undefined;
    return {
      problem: `${src} has a leading zero: the Go tools (YAML 1.1) read it as octal ${neg}${octal}, YAML 1.2 as decimal ${neg}${BigInt(body).toString()}; write the number without the leading zero (or 0o${body} for octal)`,
      rule: "type.ambiguous_octal",
    };
  }
  if (/^[0-9][0-9_]*$/.test(body) && body.includes("_")) {
    const digits = body.replace(/_/g, "");
    if (/^0[0-7]+$/.test(digits) && !mode) {
      return {
        problem: `${src} has a leading zero: the Go tools (YAML 1.1) read it as octal; write the number without the leading zero or underscores`,
        rule: "type.ambiguous_octal",
      };
    }
    return { text: `${neg}${/^0[0-7]+$/.test(digits) ? BigInt(`0o${digits}`).toString() : BigInt(digits).toString()}` };
  }
  if (/^0b[01_]+$/.test(body)) return { text: `${neg}${BigInt(body.replace(/_/g, "")).toString()}` };
  if (mode && /^[1-7][0-7]{2,3}$/.test(body) && Number.parseInt(body, 10) > 0o777) {
    return {
      problem: `${src} is decimal ${body}, above the largest file mode 0777 (511); file modes are octal: write 0${body} (as the Go tools read it) or ${Number.parseInt(body, 8)}`,
      rule: "type.mode_octal",
    };
  }
  return undefined;
}
