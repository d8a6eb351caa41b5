import { stringify } from "yaml";
import type { Io } from "./io.js";

export function printJsonOrYaml(io: Io, value: unknown, format: string): void {
  if (format === "json") io.out(`${JSON.stringify(value, null, 2)}\n`);
  else io.out(stringify(value, { lineWidth: 0 }));
}

/** A table with a header row, columns padded to their widest cell. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  const lines = rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("   "));
  return `${lines.join("\n")}\n`;
}
