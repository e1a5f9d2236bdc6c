/** One CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (without the line break). */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}
