/**
 * The import format (docs/import.md): one product per CSV row (Danish Excel: `;`, UTF-8 with BOM) or per element
 * of a JSON file's `products`. Both are read into the same `ImportProduct` (the JSON shape, a zod schema), each
 * problem tied to its row and column, so the dry run can say exactly where a spreadsheet is wrong.
 *
 * Only the file's own form is checked here (a level is N1–N3, an amount is Danish whole kroner, a date is a real
 * day, a kommunekode exists). What needs the site (the project exists, the people exist, the project is not
 * governed by other data) or the governance rules is checked by the plan (./plan.ts).
 */
import { z } from 'zod';
import { LevelSchema } from '../domain/level';
import { AdmittedStateSchema } from '../domain/admission';
import { DecisionBodySchema, DecisionKindSchema } from '../domain/decision';
import { AccountIdSchema } from '../domain/person';
import { KommunekodeSchema } from '../domain/municipality';
import { isKommunekode } from '../domain/municipalities';
import { DkkSchema } from '../domain/money';
import { da } from '../i18n/da';
import { en } from '../i18n/en';
import { columnLetter, parseCsv } from './csv';

/** A Jira project key as Jira allows it: a capital letter, then capitals, digits or `_`. */
export const ProjectKeySchema = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'Projektnøglen skal være 2–10 store bogstaver/cifre, fx MO');

const MemberSchema = z.strictObject({ accountId: AccountIdSchema, municipality: KommunekodeSchema });
const CoordinationMemberSchema = z.strictObject({
  accountId: AccountIdSchema,
  municipality: KommunekodeSchema.optional(),
});
/** A date alone (ISO `YYYY-MM-DD`, a Danish calendar day) or an exact ISO time. */
const DecidedAtSchema = z.union([z.iso.datetime(), z.string().date()]);

export const ImportDecisionSchema = z.strictObject({
  decidedAt: DecidedAtSchema,
  kind: DecisionKindSchema.exclude(['admit', 'confirm_admission']),
  body: DecisionBodySchema,
  decidedBy: z.string().trim().min(1, 'Navnet mangler').max(255),
  summary: z.string().trim().min(1, 'Beslutningen skal have et resumé').max(2000),
  basis: z.string().max(4000).optional(),
});
export type ImportDecision = z.infer<typeof ImportDecisionSchema>;

/** One product to bring in: the JSON shape, and what every CSV row is read into. */
export const ImportProductSchema = z.strictObject({
  key: ProjectKeySchema,
  name: z.string().trim().min(1, 'Produktet skal have et navn').max(255),
  level: LevelSchema,
  state: AdmittedStateSchema,
  origin: z.enum(['os2', 'external']).default('os2'),
  developedBy: z.string().trim().min(1).max(255).optional(),
  municipalities: z.array(KommunekodeSchema).max(98).default([]),
  steeringGroup: z
    .strictObject({ members: z.array(MemberSchema).min(1).max(50), chair: AccountIdSchema.optional() })
    .optional(),
  projectOwner: AccountIdSchema.optional(),
  projectLeader: AccountIdSchema.optional(),
  coordinationGroup: z
    .strictObject({
      members: z.array(CoordinationMemberSchema).min(1).max(200),
      chair: AccountIdSchema.optional(),
      supplierRun: z.boolean().default(false),
    })
    .optional(),
  budget: z
    .strictObject({ amountDkk: DkkSchema, funding: z.enum(['local', 'os2']).default('local') })
    .optional(),
  decisions: z.array(ImportDecisionSchema).max(200).default([]),
});
export type ImportProduct = z.infer<typeof ImportProductSchema>;

export const ImportFileSchema = z.strictObject({
  format: z.literal('os2-import/v1').optional(),
  products: z.array(z.unknown()).min(1, 'Filen har ingen produkter').max(500, 'Højst 500 produkter pr. fil'),
});

/** Every problem the import can find in a row, before or after looking at the site. */
export const IMPORT_PROBLEM_CODES = [
  'NOT_JSON',
  'NOT_A_FILE',
  'UNCLOSED_QUOTE',
  'NOT_SEMICOLON',
  'MISSING_COLUMN',
  'UNKNOWN_COLUMN',
  'DUPLICATE_COLUMN',
  'TOO_MANY_FIELDS',
  'TOO_MANY_ROWS',
  'REQUIRED',
  'BAD_KEY',
  'BAD_LEVEL',
  'BAD_STATE',
  'BAD_ORIGIN',
  'BAD_KOMMUNEKODE',
  'UNKNOWN_MUNICIPALITY',
  'BAD_MEMBER',
  'BAD_BOOLEAN',
  'BAD_AMOUNT',
  'BAD_FUNDING',
  'BAD_DATE',
  'BAD_DECISION',
  'BAD_DECISION_KIND',
  'BAD_DECISION_BODY',
  'INVALID',
  'DUPLICATE_KEY',
  'MISSING_PROJECT',
  'UNKNOWN_USER',
  'N3_NEEDS_BOARD_MEMBER',
  'DATE_IN_FUTURE',
  'ALREADY_GOVERNED',
  'RULE',
] as const;
export type ImportProblemCode = (typeof IMPORT_PROBLEM_CODES)[number];

export interface ImportProblem {
  /** The spreadsheet row (header = 1) or, for JSON, the product's number (1 = the first). 0: the whole file. */
  row: number;
  /** The column as the file names it: `Kommuner (G)` in a CSV, `products[3].municipalities[1]` in JSON. */
  column: string;
  code: ImportProblemCode;
  /** The offending value as read (shortened), when there is one. */
  value?: string;
  /** The governance rule's own text (code RULE), or zod's message (code INVALID). */
  detail?: { da: string; en: string };
}

export interface ReadRow {
  row: number;
  key?: string;
  /** The product's name as the row gives it, also when the row has problems (the report shows it). */
  name?: string;
  product?: ImportProduct;
  problems: ImportProblem[];
}
export interface ReadResult {
  format: 'csv' | 'json';
  rows: ReadRow[];
  /** Problems of the file as a whole (no header, a quote never closed). */
  fileProblems: ImportProblem[];
  /** CSV: each field's column as the file names it (`Kommuner (G)`). */
  columns?: Partial<Record<Field, string>>;
}

/** Where a field of a row is, as the file names it: a CSV column, or a JSON path. */
export function columnOf(read: ReadResult, row: number, field: Field): string {
  if (read.format === 'json') return `products[${row - 1}].${field}`;
  return read.columns?.[field] ?? COLUMNS.find((c) => c.field === field)!.da;
}

export type Field =
  | 'key'
  | 'name'
  | 'level'
  | 'state'
  | 'origin'
  | 'developedBy'
  | 'municipalities'
  | 'steeringGroup'
  | 'projectOwner'
  | 'projectLeader'
  | 'coordinationGroup'
  | 'supplierRun'
  | 'budget'
  | 'funding'
  | 'decisions';

/** The columns, Danish header first (what the template uses) and the English one the reader also accepts. */
export const COLUMNS: readonly { field: Field; da: string; en: string; required?: true }[] = [
  { field: 'key', da: 'Projektnøgle', en: 'Project key', required: true },
  { field: 'name', da: 'Navn', en: 'Name', required: true },
  { field: 'level', da: 'Niveau', en: 'Level', required: true },
  { field: 'state', da: 'Tilstand', en: 'State', required: true },
  { field: 'origin', da: 'Oprindelse', en: 'Origin' },
  { field: 'developedBy', da: 'Udviklet af', en: 'Developed by' },
  { field: 'municipalities', da: 'Kommuner', en: 'Municipalities' },
  { field: 'steeringGroup', da: 'Styregruppe', en: 'Steering group' },
  { field: 'projectOwner', da: 'Projektejer', en: 'Project owner' },
  { field: 'projectLeader', da: 'Projektleder', en: 'Project leader' },
  { field: 'coordinationGroup', da: 'Koordinationsgruppe', en: 'Coordination group' },
  { field: 'supplierRun', da: 'Leverandørdrevet', en: 'Supplier-run' },
  { field: 'budget', da: 'Budget (kr.)', en: 'Budget (DKK)' },
  { field: 'funding', da: 'Finansiering', en: 'Funding' },
  { field: 'decisions', da: 'Beslutninger', en: 'Decisions' },
];

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

const STATE_WORDS: Record<string, ImportProduct['state']> = {
  idé: 'idea',
  ide: 'idea',
  idea: 'idea',
  koncept: 'concept',
  concept: 'concept',
  bestyrelsesbehandling: 'board_review',
  board_review: 'board_review',
  'board review': 'board_review',
  godkendt: 'approved',
  approved: 'approved',
  produkt: 'product',
  product: 'product',
};
const ORIGIN_WORDS: Record<string, ImportProduct['origin']> = {
  os2: 'os2',
  ekstern: 'external',
  external: 'external',
};
const FUNDING_WORDS: Record<string, 'local' | 'os2'> = {
  lokal: 'local',
  lokale: 'local',
  'lokale midler': 'local',
  local: 'local',
  os2: 'os2',
};
const BOOLEAN_WORDS: Record<string, boolean> = { ja: true, nej: false, yes: true, no: false, x: true };

/** Decision kinds and bodies by id or by their label in either language ("Godkend", "Bestyrelsen"). */
const KIND_WORDS = new Map<string, ImportDecision['kind']>();
for (const k of ImportDecisionSchema.shape.kind.options) {
  KIND_WORDS.set(k, k);
  for (const table of [da, en] as Record<string, string>[]) {
    const label = table[`action.${k}`];
    if (label) KIND_WORDS.set(norm(label), k);
  }
}
const BODY_WORDS = new Map<string, ImportDecision['body']>();
for (const b of DecisionBodySchema.options) {
  BODY_WORDS.set(b, b);
  for (const table of [da, en] as Record<string, string>[]) {
    const label = table[`body.${b}`];
    if (label) BODY_WORDS.set(norm(label), b);
  }
}

const short = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}…` : s);

/**
 * Danish whole kroner: `1250000`, `1.250.000`, `1.250.000,00`, optionally `kr.`. A thousands dot must group
 * exactly three digits, so `1,250,000` (English) and `12.50` are refused rather than read as something else.
 */
export function parseDanishAmount(raw: string): number | undefined {
  const s = raw
    .trim()
    .replace(/^(kr\.?|dkk)\s*/i, '')
    .replace(/\s*(kr\.?|dkk)$/i, '')
    .replace(/[\s\u00a0]/g, '');
  const m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  if (m[2] !== undefined && Number(m[2]) !== 0) return undefined; // whole kroner only
  const n = Number(m[1]!.replace(/\./g, ''));
  return DkkSchema.safeParse(n).success ? n : undefined;
}

/** A real calendar day `dd-mm-åååå` (or `dd.mm.åååå`, `d-m-åååå`), ISO `åååå-mm-dd`, or an ISO time. */
export function parseDanishDate(raw: string): string | undefined {
  const s = raw.trim();
  if (z.iso.datetime().safeParse(s).success) return s;
  let y: number, mo: number, d: number;
  let m = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(s);
  if (m) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return undefined;
  if (y < 1970) return undefined;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A list cell (kommunekoder, group members): entries split by `,` or line breaks. */
const entries = (cell: string) =>
  cell
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads a CSV file (see the header) into rows of products and problems. */
export function readCsv(text: string): ReadResult {
  // Cells copied from Excel and pasted into the page arrive tab-separated; a saved CSV file has `;`.
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const separator = !firstLine.includes(';') && firstLine.includes('\t') ? '\t' : ';';
  const parsed = parseCsv(text, separator);
  if (!parsed.ok)
    return {
      format: 'csv',
      rows: [],
      fileProblems: [{ row: parsed.row, column: '', code: 'UNCLOSED_QUOTE' }],
    };
  const [header, ...records] = parsed.records;
  const fileProblems: ImportProblem[] = [];
  if (!header) return { format: 'csv', rows: [], fileProblems: [{ row: 1, column: '', code: 'NOT_A_FILE' }] };
  if (header.fields.length === 1 && header.fields[0]!.includes(','))
    return { format: 'csv', rows: [], fileProblems: [{ row: 1, column: '', code: 'NOT_SEMICOLON' }] };
  if (records.length > 500) fileProblems.push({ row: 0, column: '', code: 'TOO_MANY_ROWS' });

  const at = new Map<Field, number>();
  header.fields.forEach((h, i) => {
    const col = COLUMNS.find((c) => norm(c.da) === norm(h) || norm(c.en) === norm(h));
    const name = `${h.trim()} (${columnLetter(i)})`;
    if (!col) {
      // A column the import does not know would be silently lost: say so instead.
      if (h.trim() !== '')
        fileProblems.push({ row: 1, column: name, code: 'UNKNOWN_COLUMN', value: short(h) });
      return;
    }
    if (at.has(col.field)) fileProblems.push({ row: 1, column: name, code: 'DUPLICATE_COLUMN', value: h });
    else at.set(col.field, i);
  });
  for (const c of COLUMNS)
    if (c.required && !at.has(c.field)) fileProblems.push({ row: 1, column: c.da, code: 'MISSING_COLUMN' });
  if (fileProblems.some((p) => p.code !== 'UNKNOWN_COLUMN')) return { format: 'csv', rows: [], fileProblems };

  const colName = (f: Field) => {
    const i = at.get(f)!;
    return `${header.fields[i]!.trim()} (${columnLetter(i)})`;
  };
  const rows = records
    .slice(0, 500)
    .map((rec) => readCsvRow(rec.row, rec.fields, header.fields.length, at, colName));
  const columns = Object.fromEntries([...at.keys()].map((f) => [f, colName(f)]));
  return { format: 'csv', rows, fileProblems, columns };
}

function readCsvRow(
  row: number,
  fields: string[],
  width: number,
  at: Map<Field, number>,
  colName: (f: Field) => string,
): ReadRow {
  const problems: ImportProblem[] = [];
  const cell = (f: Field) => (at.has(f) ? (fields[at.get(f)!] ?? '').trim() : '');
  const problem = (f: Field, code: ImportProblemCode, value?: string) =>
    problems.push({ row, column: colName(f), code, ...(value !== undefined ? { value: short(value) } : {}) });
  if (fields.length > width && fields.slice(width).some((x) => x.trim() !== ''))
    problems.push({ row, column: columnLetter(width), code: 'TOO_MANY_FIELDS' });

  const required = (f: Field) => {
    const v = cell(f);
    if (!v) problem(f, 'REQUIRED');
    return v;
  };
  const key = required('key').toUpperCase();
  if (key && !ProjectKeySchema.safeParse(key).success) problem('key', 'BAD_KEY', key);
  const name = required('name');
  const levelRaw = required('level');
  const level = LevelSchema.safeParse(levelRaw.toUpperCase());
  if (levelRaw && !level.success) problem('level', 'BAD_LEVEL', levelRaw);
  const stateRaw = required('state');
  const state = STATE_WORDS[norm(stateRaw)];
  if (stateRaw && !state) problem('state', 'BAD_STATE', stateRaw);
  const originRaw = cell('origin');
  const origin = originRaw ? ORIGIN_WORDS[norm(originRaw)] : 'os2';
  if (!origin) problem('origin', 'BAD_ORIGIN', originRaw);

  const municipalities: string[] = [];
  for (const code of entries(cell('municipalities'))) {
    if (!/^\d{3}$/.test(code)) problem('municipalities', 'BAD_KOMMUNEKODE', code);
    else if (!isKommunekode(code)) problem('municipalities', 'UNKNOWN_MUNICIPALITY', code);
    else municipalities.push(code);
  }

  const group = (f: 'steeringGroup' | 'coordinationGroup') => {
    const members: { accountId: string; municipality?: string }[] = [];
    let chair: string | undefined;
    for (const e of entries(cell(f))) {
      const m = /^([^@\s()]+)(?:@(\S+))?\s*(\((formand|chair)\))?$/i.exec(e);
      if (!m) {
        problem(f, 'BAD_MEMBER', e);
        continue;
      }
      const code = m[2];
      if (code !== undefined && !/^\d{3}$/.test(code)) {
        problem(f, 'BAD_KOMMUNEKODE', code);
        continue;
      }
      if (code !== undefined && !isKommunekode(code)) {
        problem(f, 'UNKNOWN_MUNICIPALITY', code);
        continue;
      }
      if (code === undefined && f === 'steeringGroup') {
        // A steering group member sits for a municipality (seed 003 4.1.4): the code is part of the entry.
        problem(f, 'BAD_MEMBER', e);
        continue;
      }
      members.push({ accountId: m[1]!, ...(code ? { municipality: code } : {}) });
      if (m[3]) chair = m[1]!;
    }
    return members.length ? { members, ...(chair ? { chair } : {}) } : undefined;
  };
  const steeringGroup = group('steeringGroup');
  const coordination = group('coordinationGroup');
  const supplierRaw = cell('supplierRun');
  const supplierRun = supplierRaw ? BOOLEAN_WORDS[norm(supplierRaw)] : false;
  if (supplierRun === undefined) problem('supplierRun', 'BAD_BOOLEAN', supplierRaw);

  const person = (f: 'projectOwner' | 'projectLeader') => {
    const v = cell(f);
    if (v && !/^[^@\s,]+$/.test(v)) problem(f, 'BAD_MEMBER', v);
    return v && /^[^@\s,]+$/.test(v) ? v : undefined;
  };
  const projectOwner = person('projectOwner');
  const projectLeader = person('projectLeader');

  const amountRaw = cell('budget');
  const amount = amountRaw ? parseDanishAmount(amountRaw) : undefined;
  if (amountRaw && amount === undefined) problem('budget', 'BAD_AMOUNT', amountRaw);
  const fundingRaw = cell('funding');
  const funding = fundingRaw ? FUNDING_WORDS[norm(fundingRaw)] : 'local';
  if (!funding) problem('funding', 'BAD_FUNDING', fundingRaw);

  const decisions: ImportDecision[] = [];
  cell('decisions')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .forEach((line) => {
      const parts = line.split('|').map((p) => p.trim());
      if (parts.length < 5 || parts.length > 6 || parts.slice(0, 5).some((p) => !p)) {
        problem('decisions', 'BAD_DECISION', line);
        return;
      }
      const [dateRaw, kindRaw, bodyRaw, by, summary, basis] = parts as [
        string,
        string,
        string,
        string,
        string,
        string?,
      ];
      const decidedAt = parseDanishDate(dateRaw);
      const kind = KIND_WORDS.get(norm(kindRaw)) ?? KIND_WORDS.get(kindRaw.trim());
      const body = BODY_WORDS.get(norm(bodyRaw)) ?? BODY_WORDS.get(bodyRaw.trim());
      if (!decidedAt) problem('decisions', 'BAD_DATE', dateRaw);
      if (!kind) problem('decisions', 'BAD_DECISION_KIND', kindRaw);
      if (!body) problem('decisions', 'BAD_DECISION_BODY', bodyRaw);
      if (decidedAt && kind && body)
        decisions.push({ decidedAt, kind, body, decidedBy: by, summary, ...(basis ? { basis } : {}) });
    });

  const candidate = {
    key,
    name,
    level: level.success ? level.data : levelRaw,
    state: state ?? stateRaw,
    origin: origin ?? 'os2',
    ...(cell('developedBy') ? { developedBy: cell('developedBy') } : {}),
    municipalities,
    ...(steeringGroup ? { steeringGroup } : {}),
    ...(projectOwner ? { projectOwner } : {}),
    ...(projectLeader ? { projectLeader } : {}),
    ...(coordination ? { coordinationGroup: { ...coordination, supplierRun: supplierRun ?? false } } : {}),
    ...(amount !== undefined ? { budget: { amountDkk: amount, funding: funding ?? 'local' } } : {}),
    decisions,
  };
  const named = { ...(key ? { key } : {}), ...(name ? { name } : {}) };
  if (problems.length) return { row, ...named, problems };
  // Everything was read field by field above; the schema is the last word on lengths and bounds.
  const checked = ImportProductSchema.safeParse(candidate);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const f = COLUMNS.find((c) => c.field === issue.path[0])?.field ?? 'key';
      problems.push({
        row,
        column: colName(f),
        code: 'INVALID',
        detail: { da: issue.message, en: issue.message },
      });
    }
    return { row, ...named, problems };
  }
  return { row, ...named, product: checked.data, problems };
}

/** Reads a JSON file (`ImportFileSchema`): rows are products numbered from 1, columns are JSON paths. */
export function readJson(text: string): ReadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch {
    return { format: 'json', rows: [], fileProblems: [{ row: 0, column: '', code: 'NOT_JSON' }] };
  }
  const file = ImportFileSchema.safeParse(raw);
  if (!file.success)
    return {
      format: 'json',
      rows: [],
      fileProblems: file.error.issues.map((i) => ({
        row: 0,
        column: i.path.join('.'),
        code: 'INVALID' as const,
        detail: { da: i.message, en: i.message },
      })),
    };
  const rows = file.data.products.map((p, n): ReadRow => {
    const row = n + 1;
    const key =
      typeof p === 'object' && p && typeof (p as { key?: unknown }).key === 'string'
        ? (p as { key: string }).key.trim().toUpperCase()
        : undefined;
    const rawName = typeof p === 'object' && p ? (p as { name?: unknown }).name : undefined;
    const named = {
      ...(key ? { key } : {}),
      ...(typeof rawName === 'string' && rawName.trim() ? { name: short(rawName.trim()) } : {}),
    };
    const parsed = ImportProductSchema.safeParse(p);
    const path = (parts: PropertyKey[]) =>
      `products[${n}]` + parts.map((x) => (typeof x === 'number' ? `[${x}]` : `.${String(x)}`)).join('');
    if (!parsed.success)
      return {
        row,
        ...named,
        problems: parsed.error.issues.map((i): ImportProblem => {
          const code = codeOfJsonIssue(i.path);
          const value = valueAt(p, i.path);
          return {
            row,
            column: path(i.path),
            code,
            ...(value !== undefined ? { value } : {}),
            // The specific code says it in the user's language; zod's own text only where nothing more specific is known.
            ...(code === 'INVALID' ? { detail: { da: i.message, en: i.message } } : {}),
          };
        }),
      };
    const problems: ImportProblem[] = [];
    parsed.data.municipalities.forEach((c, i) => {
      if (!isKommunekode(c))
        problems.push({ row, column: path(['municipalities', i]), code: 'UNKNOWN_MUNICIPALITY', value: c });
    });
    return {
      row,
      ...named,
      key: parsed.data.key,
      ...(problems.length ? {} : { product: parsed.data }),
      problems,
    };
  });
  return { format: 'json', rows, fileProblems: [] };
}

/** The value at a zod issue's path, as text for the report (short), when it is a plain value. */
function valueAt(root: unknown, path: PropertyKey[]): string | undefined {
  let v: unknown = root;
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? short(String(v))
    : undefined;
}

/** The JSON path's field, as the code the CSV reader would give for the same mistake. */
function codeOfJsonIssue(path: PropertyKey[]): ImportProblemCode {
  const [field, , sub] = path;
  if (field === 'level') return 'BAD_LEVEL';
  if (field === 'state') return 'BAD_STATE';
  if (field === 'key') return 'BAD_KEY';
  if (field === 'budget') return 'BAD_AMOUNT';
  if (field === 'decisions' && sub === 'decidedAt') return 'BAD_DATE';
  if (field === 'municipalities') return 'BAD_KOMMUNEKODE';
  return 'INVALID';
}

/** A file is JSON when its first non-blank character opens an object; anything else is read as CSV. */
export function readImportFile(text: string): ReadResult {
  const s = text.replace(/^\uFEFF/, '').trimStart();
  return s.startsWith('{') ? readJson(text) : readCsv(text);
}
