/**
 * Stable JSON text for generated files: two-space indentation and a trailing
 * newline. Key order is the order the generators insert keys in, which they keep
 * deterministic (sorted names, declaration order).
 */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
