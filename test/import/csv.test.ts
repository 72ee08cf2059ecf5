// The CSV reader of the import (src/import/csv.ts) on the dialect Danish Excel writes, and the Danish amount and
// date readers (src/import/format.ts): what a secretariat's spreadsheet really contains.
import { describe, expect, it } from 'vitest';
import { columnLetter, csvField, parseCsv } from '../../src/import/csv';
import { parseDanishAmount, parseDanishDate, readCsv } from '../../src/import/format';

const fields = (text: string) => {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(`unexpected ${r.problem} at ${r.row}`);
  return r.records.map((x) => [x.row, ...x.fields]);
};

describe('parseCsv: Danish Excel "CSV (semikolonsepareret)"', () => {
  it('reads ; separated fields, drops the BOM, accepts CRLF, LF and a missing last newline', () => {
    expect(fields('\uFEFFa;b\r\n1;2\r\n')).toEqual([
      [1, 'a', 'b'],
      [2, '1', '2'],
    ]);
    expect(fields('a;b\n1;2')).toEqual([
      [1, 'a', 'b'],
      [2, '1', '2'],
    ]);
    // The BOM is taken off only at the very start; a header cell does not carry it.
    expect(fields('\uFEFFNavn')[0]![1]).toBe('Navn');
  });

  it('keeps ; and line breaks inside quotes, doubles quotes, and numbers rows as the sheet does', () => {
    const text =
      'Navn;Beslutninger\r\n"OS2mo; medarbejder";"01-02-2019 | a\r\n02-03-2020 | b"\r\n"Sagt ""nej""";x\r\n';
    expect(fields(text)).toEqual([
      [1, 'Navn', 'Beslutninger'],
      [2, 'OS2mo; medarbejder', '01-02-2019 | a\n02-03-2020 | b'],
      // A record whose quoted cell spans two lines is still row 2: the next record is row 3.
      [3, 'Sagt "nej"', 'x'],
    ]);
  });

  it('keeps empty fields and skips blank lines, but counts them as rows', () => {
    expect(fields('a;;c\r\n\r\n;;\r\n')).toEqual([
      [1, 'a', '', 'c'],
      [3, '', '', ''],
    ]);
  });

  it('reports a quote that never closes with the row it opens on', () => {
    expect(parseCsv('a;b\r\n1;"2\r\n3;4\r\n')).toEqual({ ok: false, row: 2, problem: 'UNCLOSED_QUOTE' });
  });

  it('writes fields the reader reads back, and names columns as the sheet does', () => {
    for (const v of ['plain', 'a;b', 'say "hi"', 'two\nlines']) {
      expect(fields(`${csvField(v)};x`)[0]!.slice(1)).toEqual([v, 'x']);
    }
    expect([0, 1, 25, 26, 27, 51, 52].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA']);
  });
});

describe('Danish amounts and dates', () => {
  it('reads whole kroner with thousands dots, refuses English separators and øre', () => {
    expect(parseDanishAmount('1.250.000')).toBe(1_250_000);
    expect(parseDanishAmount('1250000')).toBe(1_250_000);
    expect(parseDanishAmount('1.250.000,00')).toBe(1_250_000);
    expect(parseDanishAmount('95.000 kr.')).toBe(95_000);
    expect(parseDanishAmount('kr. 95.000')).toBe(95_000);
    for (const bad of ['1,250,000', '1.25.000', '12.5', '1.250.000,50', '-5', 'tusind', '1 250 000,5'])
      expect(parseDanishAmount(bad), bad).toBeUndefined();
  });

  it('reads dd-mm-åååå, dd.mm.åååå and ISO, and refuses days that do not exist', () => {
    expect(parseDanishDate('02-05-2019')).toBe('2019-05-02');
    expect(parseDanishDate('2.5.2019')).toBe('2019-05-02');
    expect(parseDanishDate('2019-05-02')).toBe('2019-05-02');
    expect(parseDanishDate('2019-05-02T10:00:00Z')).toBe('2019-05-02T10:00:00Z');
    for (const bad of ['31-02-2020', '2019-13-01', '05/02/19', 'i går', '29-02-2019'])
      expect(parseDanishDate(bad), bad).toBeUndefined();
    expect(parseDanishDate('29-02-2020')).toBe('2020-02-29');
  });
});

describe('readCsv: the header', () => {
  it('says a comma-separated file must be saved with semicolons, and names a missing column', () => {
    expect(readCsv('Projektnøgle,Navn,Niveau,Tilstand\r\nMO,OS2mo,N2,Produkt').fileProblems).toEqual([
      { row: 1, column: '', code: 'NOT_SEMICOLON' },
    ]);
    expect(readCsv('Projektnøgle;Navn;Tilstand\r\nMO;OS2mo;Produkt').fileProblems).toEqual([
      { row: 1, column: 'Niveau', code: 'MISSING_COLUMN' },
    ]);
  });

  it('accepts English headers, and reports a column it does not know rather than dropping it silently', () => {
    const r = readCsv('Project key;Name;Level;State;Kontaktperson\r\nMO;OS2mo;N2;Produkt;Karin');
    expect(r.fileProblems).toEqual([
      { row: 1, column: 'Kontaktperson (E)', code: 'UNKNOWN_COLUMN', value: 'Kontaktperson' },
    ]);
    expect(r.rows[0]!.product).toMatchObject({ key: 'MO', name: 'OS2mo', level: 'N2', state: 'product' });
  });
});

describe('readCsv: cells pasted from Excel', () => {
  it('reads tab-separated text (what Excel puts on the clipboard) as it reads a saved ; file', () => {
    const saved = readCsv('Projektnøgle;Navn;Niveau;Tilstand;Kommuner\r\nMO;OS2mo;N2;Produkt;751, 101');
    const pasted = readCsv(
      'Projektnøgle\tNavn\tNiveau\tTilstand\tKommuner\r\nMO\tOS2mo\tN2\tProdukt\t751, 101',
    );
    expect(pasted.rows).toEqual(saved.rows);
    expect(pasted.rows[0]!.product).toMatchObject({ key: 'MO', municipalities: ['751', '101'] });
  });
});
