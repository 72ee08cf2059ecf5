/**
 * A small CSV reader for the import (docs/import.md): the dialect Danish Excel writes when it saves "CSV (semikolon
 * separeret)": `;` between fields, an optional UTF-8 byte-order mark, CRLF (or LF) between records, fields quoted
 * with `"` when they hold the separator, a quote or a line break, and a quote inside a quoted field doubled (`""`).
 * No package is installed for this and the dialect is small; it is written out here and tested on its edge cases
 * (test/import/csv.test.ts). Records are numbered as the spreadsheet numbers its rows (the header is row 1), so a
 * record whose quoted field spans lines is still one row.
 */

export interface CsvRecord {
  /** The spreadsheet row: 1 for the header, 2 for the first product. */
  row: number;
  fields: string[];
}

export type CsvResult =
  { ok: true; records: CsvRecord[] } | { ok: false; row: number; problem: 'UNCLOSED_QUOTE' };

export const BOM = '\uFEFF';

export function parseCsv(text: string, separator = ';'): CsvResult {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let quotedStartRow = 0;
  let row = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    // A line with nothing on it (Excel's trailing newline, or blank lines) is no record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ row, fields });
    row += 1;
    fields = [];
    field = '';
  };
  while (i < src.length) {
    const c = src[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i += 1;
        continue;
      }
      // A line break inside quotes is part of the field (Alt+Enter in Excel); CRLF is kept as one newline.
      if (c === '\r' && src[i + 1] === '\n') {
        field += '\n';
        i += 2;
        continue;
      }
      field += c === '\r' ? '\n' : c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') {
      inQuotes = true;
      quotedStartRow = row;
      i += 1;
      continue;
    }
    if (c === separator) {
      fields.push(field);
      field = '';
      i += 1;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    i += 1;
  }
  if (inQuotes) return { ok: false, row: quotedStartRow, problem: 'UNCLOSED_QUOTE' };
  if (field !== '' || fields.length > 0) endRecord();
  return { ok: true, records };
}

/** One field for writing: quoted when it holds the separator, a quote or a line break. */
export function csvField(value: string, separator = ';'): string {
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
