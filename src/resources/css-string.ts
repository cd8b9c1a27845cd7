/** A CSS string literal: quotes and backslashes escaped, line breaks as the CSS escape `\a ` (invalid raw). */
export function cssString(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&').replace(/\r\n?|[\n\f]/g, '\\a ')}"`;
}
