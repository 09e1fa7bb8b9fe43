/**
 * CSV as Excel in Taiwan opens it: UTF-8 with a byte-order mark (without it Excel reads the
 * file as Big5 and Chinese turns to mojibake), CRLF line ends and RFC 4180 quoting.
 */

/** U+FEFF; written once at the very start of the file. */
export const UTF8_BOM = '\uFEFF';

export type CsvValue = string | number | boolean | null | undefined | Date;

/**
 * One field, quoted when it must be: a comma, a quote, CR or LF inside (RFC 4180 §2.6), or
 * leading/trailing spaces that Excel would otherwise trim. A field that starts with = + - @
 * (or tab/CR) is prefixed with an apostrophe so a spreadsheet never runs it as a formula
 * (CSV injection); negative numbers stay numbers because they are passed as numbers.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value instanceof Date ? value.toISOString() : value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
