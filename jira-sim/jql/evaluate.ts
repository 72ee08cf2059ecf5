/**
 * Compiles a parsed JQL query against one site into a predicate over issues and a comparator for ORDER BY.
 * Values are resolved up front (project keys, issue type and status names), so evaluating one issue is a few
 * closure calls; a query that is bounded by `project` only walks that project's issues.
 *
 * Entity properties: as in Jira, only the paths an app declares in a `jira:entityProperty` module are indexed
 * (`site.indexedPaths`, read from manifest.yml; see indexing.ts), with the declared type's semantics, and each
 * declared `searchAlias` is a JQL field. An undeclared path holds nothing: it is EMPTY on every issue. With
 * `indexedPaths = 'all'` every path is indexed as plain JSON (a number compares numerically, a string exactly,
 * a boolean as 'true'/'false'); an array matches if any element matches.
 */
import { parseJql } from './parser.js';
import type { Clause, Expr, FieldRef, JqlQuery, Operand, Operator } from './parser.js';
import { PRIORITIES } from '../state/site-state.js';
import type { SiteState } from '../state/site-state.js';
import type { Account, Issue } from '../state/types.js';
import { STATUS_CATEGORIES } from '../state/types.js';
import type { IndexedPath } from '../indexing.js';

/** A semantic JQL error (valid syntax, but unknown field/value): Jira answers 400 with this message. */
export class JqlValidationError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join(' '));
    this.name = 'JqlValidationError';
  }
}

type Pred = (i: Issue) => boolean;
type SortKey = (i: Issue) => number | string | null;

export interface CompiledQuery {
  query: JqlQuery;
  bounded: boolean;
  /** Candidate issues (already narrowed by project when the query allows), before the predicate. */
  candidates(): Iterable<Issue>;
  matches: Pred;
  sortKeys: { key: SortKey; desc: boolean }[];
  /** Projects the query is restricted to by a top-level `project =`/`IN` clause, if any. */
  boundProjects: string[] | undefined;
  site: SiteState;
  /** Set when the query orders by one entity property only: the key of its site-wide sort index. */
  propertyIndex?: { key: string; path: string[]; desc: boolean };
  /** An issue as the (possibly lagging) search index has it; null: not indexed yet. */
  view(i: Issue): Issue | null;
}

const FIELD_ALIASES: Record<string, string> = {
  type: 'issuetype',
  issuekey: 'key',
  createddate: 'created',
  updateddate: 'updated',
  resolved: 'resolutiondate',
  category: 'statuscategory',
};

const OP_NAME = (op: Operator): string => op.toUpperCase();

function err(msg: string): never {
  throw new JqlValidationError([msg]);
}

interface Ctx {
  site: SiteState;
  viewer: Account;
  browsable: Set<string>;
  now: number;
}

function literalValues(o: Operand, ctx: Ctx, field: string): (string | null)[] {
  if (o.kind === 'empty') return [null];
  if (o.kind === 'list') return o.items.flatMap((x) => literalValues(x, ctx, field));
  if (o.kind === 'function') return [callFunction(o.name, o.args, ctx)];
  return [o.value];
}

function callFunction(name: string, args: string[], ctx: Ctx): string {
  const n = name.toLowerCase();
  const d = new Date(ctx.now);
  const startOfDay = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const offset = args[0] ? parseRelative(args[0]) : 0;
  if (args[0] && offset === undefined) err(`Function '${name}' could not parse argument '${args[0]}'.`);
  const off = offset ?? 0;
  switch (n) {
    case 'currentuser':
      return ctx.viewer.accountId;
    case 'now':
      return String(ctx.now);
    case 'startofday':
      return String(startOfDay + off);
    case 'endofday':
      return String(startOfDay + 86_400_000 - 1 + off);
    case 'startofweek': {
      const dow = (d.getUTCDay() + 6) % 7;
      return String(startOfDay - dow * 86_400_000 + off);
    }
    case 'startofmonth':
      return String(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) + off);
    case 'startofyear':
      return String(Date.UTC(d.getUTCFullYear(), 0, 1) + off);
    default:
      return err(`Unable to find JQL function '${name}(${args.join(', ')})'.`);
  }
}

const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000 };

function parseRelative(s: string): number | undefined {
  const m = /^([-+])?\s*((?:\d+\s*[wdhm]\s*)+)$/i.exec(s.trim());
  if (!m) return undefined;
  let total = 0;
  for (const part of m[2]!.matchAll(/(\d+)\s*([wdhm])/gi))
    total += Number(part[1]) * UNIT_MS[part[2]!.toLowerCase()]!;
  return m[1] === '-' ? -total : total;
}

function parseDate(value: string, field: string, ctx: Ctx, fromFunction: boolean): number {
  if (fromFunction && /^\d+$/.test(value)) return Number(value);
  const rel = parseRelative(value);
  if (rel !== undefined) return ctx.now + rel;
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(value.trim());
  if (m) {
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
  }
  return err(
    `Date value '${value}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
  );
}

function unsupportedOp(op: Operator, field: string): never {
  return err(`The operator '${OP_NAME(op)}' is not supported by the '${field}' field.`);
}

/** Builds a predicate from a set-valued field (project, issuetype, status, ...). */
function setClause(
  c: Clause,
  fieldName: string,
  get: (i: Issue) => string | null,
  resolve: (v: string) => string[] | undefined,
  ctx: Ctx,
  allowEmpty = false,
): Pred {
  const op = c.op;
  const isEmptyOperand = c.operand.kind === 'empty';
  if (op === 'is' || op === 'is not' || isEmptyOperand) {
    if (!isEmptyOperand) err(`The operator '${OP_NAME(op)}' only supports the EMPTY keyword, got a value.`);
    if (op === 'is' || op === '=') return allowEmpty ? (i) => get(i) === null : () => false;
    if (op === 'is not' || op === '!=') return allowEmpty ? (i) => get(i) !== null : () => true;
    unsupportedOp(op, fieldName);
  }
  if (!['=', '!=', 'in', 'not in'].includes(op)) unsupportedOp(op, fieldName);
  if ((op === 'in' || op === 'not in') && c.operand.kind !== 'list' && c.operand.kind !== 'function') {
    err(`The operator '${OP_NAME(op)}' requires a list of values.`);
  }
  const wanted = new Set<string>();
  for (const v of literalValues(c.operand, ctx, fieldName)) {
    if (v === null) continue;
    const ids = resolve(v);
    if (!ids || ids.length === 0) err(`The value '${v}' does not exist for the field '${fieldName}'.`);
    for (const id of ids) wanted.add(id);
  }
  const positive: Pred = (i) => {
    const v = get(i);
    return v !== null && wanted.has(v);
  };
  return op === '=' || op === 'in' ? positive : (i) => get(i) !== null && !positive(i);
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function orderedOp(op: Operator, cmp: number): boolean {
  switch (op) {
    case '=':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '>':
      return cmp > 0;
    case '<=':
      return cmp <= 0;
    case '>=':
      return cmp >= 0;
    default:
      return false;
  }
}

function dateClause(c: Clause, field: string, get: (i: Issue) => number | null, ctx: Ctx): Pred {
  if (c.op === 'is' || c.op === 'is not' || c.operand.kind === 'empty') {
    const empty = c.op === 'is' || c.op === '=';
    return (i) => (get(i) === null) === empty;
  }
  if (c.op === 'in' || c.op === 'not in') {
    const vals = (c.operand.kind === 'list' ? c.operand.items : [c.operand]).map((o) =>
      parseDate(literalValues(o, ctx, field)[0] ?? '', field, ctx, o.kind === 'function'),
    );
    const set = new Set(vals);
    return c.op === 'in' ? (i) => set.has(get(i) ?? NaN) : (i) => get(i) !== null && !set.has(get(i)!);
  }
  if (c.op === '~' || c.op === '!~') unsupportedOp(c.op, field);
  if (c.operand.kind === 'list') err(`The operator '${OP_NAME(c.op)}' does not support a list of values.`);
  const t = parseDate(
    literalValues(c.operand, ctx, field)[0] ?? '',
    field,
    ctx,
    c.operand.kind === 'function',
  );
  const op = c.op;
  return (i) => {
    const v = get(i);
    return v !== null && orderedOp(op, compare(v, t));
  };
}

const WORD_RE = /[\p{L}\p{N}_]+/gu;

function textTerms(q: string): { term: string; prefix: boolean }[] {
  const out: { term: string; prefix: boolean }[] = [];
  for (const m of q.toLowerCase().matchAll(/[\p{L}\p{N}_]+\*?/gu)) {
    const t = m[0];
    out.push(t.endsWith('*') ? { term: t.slice(0, -1), prefix: true } : { term: t, prefix: false });
  }
  return out;
}

function adfText(doc: unknown): string {
  if (!doc || typeof doc !== 'object') return typeof doc === 'string' ? doc : '';
  const n = doc as { text?: unknown; content?: unknown[] };
  let s = typeof n.text === 'string' ? n.text : '';
  if (Array.isArray(n.content)) for (const c of n.content) s += ' ' + adfText(c);
  return s;
}

function textMatcher(query: string): (text: string) => boolean {
  const terms = textTerms(query);
  if (terms.length === 0) return () => false;
  return (text) => {
    const words = text.toLowerCase().match(WORD_RE) ?? [];
    return terms.every((t) =>
      words.some((w) => (t.prefix ? w.startsWith(t.term) : w === t.term || w.startsWith(t.term))),
    );
  };
}

function textClause(c: Clause, field: string, get: (i: Issue) => string, ctx: Ctx): Pred {
  if (c.op === 'is' || c.op === 'is not') {
    const empty = c.op === 'is';
    return (i) => (get(i).trim() === '') === empty;
  }
  if (c.op !== '~' && c.op !== '!~') {
    err(`The operator '${OP_NAME(c.op)}' is not supported by the '${field}' field.`);
  }
  const q = literalValues(c.operand, ctx, field)[0];
  if (q === null || q === undefined)
    err(`The field '${field}' does not support searching for an empty string.`);
  const m = textMatcher(q);
  return c.op === '~' ? (i) => m(get(i)) : (i) => !m(get(i));
}

/** Reads an issue property at a path; arrays are flattened, objects are not indexable. */
export function propertyValues(i: Issue, key: string, path: string[]): (number | string)[] {
  let v: unknown = i.properties?.get(key);
  for (const seg of path) {
    if (v === null || v === undefined) return [];
    if (Array.isArray(v))
      v = v.flatMap((x) => (x && typeof x === 'object' ? [(x as Record<string, unknown>)[seg]] : []));
    else if (typeof v === 'object') v = (v as Record<string, unknown>)[seg];
    else return [];
  }
  const flat = Array.isArray(v) ? v : [v];
  const out: (number | string)[] = [];
  for (const x of flat) {
    if (typeof x === 'number' || typeof x === 'string') out.push(x);
    else if (typeof x === 'boolean') out.push(String(x));
  }
  return out;
}

/** An entity property a clause or sort refers to, with its declaration (if the site indexes declared paths only). */
interface PropertyRef {
  key: string;
  path: string[];
  raw: string;
  /** 'all': the site indexes every path untyped; undefined: the path is not indexed. */
  decl: IndexedPath | 'all' | undefined;
}

function propertyRefOf(ref: FieldRef, ctx: Ctx): PropertyRef | undefined {
  const declared = ctx.site.indexedPaths;
  if (ref.kind === 'property') {
    if (declared === 'all') return { ...ref, decl: 'all' };
    const path = ref.path.join('.');
    const decl = declared.find(
      (d) => d.entityType === 'issue' && d.propertyKey === ref.key && d.path === path,
    );
    return { ...ref, decl };
  }
  if (declared === 'all') return undefined;
  const decl = declared.find((d) => d.entityType === 'issue' && d.searchAlias?.toLowerCase() === ref.name);
  return decl ? { key: decl.propertyKey, path: decl.path.split('.'), raw: ref.raw, decl } : undefined;
}

/** The values of a declared path as Jira's index holds them: numbers for `number`, epoch ms for `date`, else strings. */
function typedValues(i: Issue, key: string, path: string[], type: IndexedPath['type']): (number | string)[] {
  const raw = propertyValues(i, key, path);
  if (type === 'number') return raw.filter((v): v is number => typeof v === 'number');
  if (type === 'date') {
    const out: number[] = [];
    for (const v of raw) {
      const t = typeof v === 'string' ? Date.parse(v) : NaN;
      if (!Number.isNaN(t)) out.push(t);
    }
    return out;
  }
  return raw.map(String);
}

const TYPE_OPS: Record<IndexedPath['type'], readonly Operator[]> = {
  number: ['=', '!=', 'in', 'not in', '<', '>', '<=', '>=', 'is', 'is not'],
  date: ['=', '!=', 'in', 'not in', '<', '>', '<=', '>=', 'is', 'is not'],
  string: ['=', '!=', 'in', 'not in', 'is', 'is not'],
  user: ['=', '!=', 'in', 'not in', 'is', 'is not'],
  text: ['~', '!~', 'is', 'is not'],
};

function propertyClause(c: Clause, ref: PropertyRef, ctx: Ctx): Pred {
  if (ref.decl === 'all') return untypedPropertyClause(c, ref, ctx);
  const emptyTest = c.op === 'is' || c.op === 'is not' || c.operand.kind === 'empty';
  if (!ref.decl) {
    // Not indexed: nothing is there to find, so every issue is EMPTY at this path.
    if (emptyTest) return c.op === 'is' || c.op === '=' ? () => true : () => false;
    return () => false;
  }
  const { key, path } = ref;
  const { type } = ref.decl;
  if (!TYPE_OPS[type].includes(c.op)) unsupportedOp(c.op, ref.raw);
  const vals = (i: Issue) => typedValues(i, key, path, type);
  if (emptyTest) {
    const empty = c.op === 'is' || c.op === '=';
    return (i) => (vals(i).length === 0) === empty;
  }
  if (type === 'text') {
    const q = literalValues(c.operand, ctx, ref.raw)[0] ?? '';
    const m = textMatcher(q);
    const p: Pred = (i) => vals(i).some((v) => m(String(v)));
    return c.op === '~' ? p : (i) => !p(i);
  }
  if (type === 'date') return dateClause(c, ref.raw, (i) => (vals(i)[0] as number | undefined) ?? null, ctx);
  let lits = literalValues(c.operand, ctx, ref.raw).filter((x): x is string => x !== null);
  if (type === 'user') lits = lits.flatMap((l) => userIdsFor(l, ctx) ?? [l]);
  const asNumber = (l: string) => (l.trim() !== '' && !Number.isNaN(Number(l)) ? Number(l) : undefined);
  const eq = (v: number | string, lit: string): boolean =>
    type === 'number' ? asNumber(lit) === v : v === lit;
  if (c.op === 'in' || c.op === 'not in') {
    const p: Pred = (i) => vals(i).some((v) => lits.some((l) => eq(v, l)));
    return c.op === 'in' ? p : (i) => vals(i).length > 0 && !p(i);
  }
  if (c.operand.kind === 'list') err(`The operator '${OP_NAME(c.op)}' does not support a list of values.`);
  const lit = lits[0] ?? '';
  const op = c.op;
  if (op === '=') return (i) => vals(i).some((v) => eq(v, lit));
  if (op === '!=') return (i) => vals(i).length > 0 && !vals(i).some((v) => eq(v, lit));
  const num = asNumber(lit);
  if (num === undefined) return () => false;
  return (i) => vals(i).some((v) => orderedOp(op, compare(v, num)));
}

function untypedPropertyClause(c: Clause, ref: PropertyRef, ctx: Ctx): Pred {
  const { key, path } = ref;
  const vals = (i: Issue) => propertyValues(i, key, path);
  if (c.op === 'is' || c.op === 'is not' || c.operand.kind === 'empty') {
    if (!['is', 'is not', '=', '!='].includes(c.op)) unsupportedOp(c.op, ref.raw);
    const empty = c.op === 'is' || c.op === '=';
    return (i) => (vals(i).length === 0) === empty;
  }
  if (c.op === '~' || c.op === '!~') {
    const q = literalValues(c.operand, ctx, ref.raw)[0] ?? '';
    const m = textMatcher(q);
    const p: Pred = (i) => vals(i).some((v) => m(String(v)));
    return c.op === '~' ? p : (i) => !p(i);
  }
  const lits = literalValues(c.operand, ctx, ref.raw).filter((x): x is string => x !== null);
  const eq = (v: number | string, lit: string): boolean =>
    typeof v === 'number' ? lit.trim() !== '' && Number(lit) === v : v === lit;
  if (c.op === 'in' || c.op === 'not in') {
    const p: Pred = (i) => vals(i).some((v) => lits.some((l) => eq(v, l)));
    return c.op === 'in' ? p : (i) => vals(i).length > 0 && !p(i);
  }
  if (c.operand.kind === 'list') err(`The operator '${OP_NAME(c.op)}' does not support a list of values.`);
  const lit = lits[0] ?? '';
  const num = lit.trim() !== '' && !Number.isNaN(Number(lit)) ? Number(lit) : undefined;
  const op = c.op;
  if (op === '=') return (i) => vals(i).some((v) => eq(v, lit));
  if (op === '!=') return (i) => vals(i).length > 0 && !vals(i).some((v) => eq(v, lit));
  return (i) =>
    vals(i).some((v) => {
      if (typeof v === 'number') return num !== undefined && orderedOp(op, compare(v, num));
      return orderedOp(op, compare(v, lit));
    });
}

function projectIdsFor(v: string, ctx: Ctx): string[] | undefined {
  const p =
    ctx.site.resolveProject(v) ??
    [...ctx.site.projects.values()].find((x) => x.name.toLowerCase() === v.toLowerCase());
  return p && ctx.browsable.has(p.id) ? [p.id] : undefined;
}

function issueTypeIdsFor(v: string, ctx: Ctx): string[] {
  const out: string[] = [];
  for (const t of ctx.site.issueTypes.values()) {
    if (t.id === v || t.name.toLowerCase() === v.toLowerCase()) out.push(t.id);
  }
  return out;
}

function statusIdsFor(v: string, ctx: Ctx): string[] {
  const out: string[] = [];
  for (const s of ctx.site.statuses.values())
    if (s.id === v || s.name.toLowerCase() === v.toLowerCase()) out.push(s.id);
  return out;
}

function categoryFor(v: string): string[] | undefined {
  const l = v.toLowerCase();
  const c = STATUS_CATEGORIES.find((x) => x.key === l || x.name.toLowerCase() === l || String(x.id) === l);
  return c ? [c.key] : undefined;
}

function userIdsFor(v: string, ctx: Ctx): string[] | undefined {
  const a =
    ctx.site.accounts.get(v) ??
    ctx.site.accountsByEmail.get(v.toLowerCase()) ??
    [...ctx.site.accounts.values()].find((x) => x.displayName.toLowerCase() === v.toLowerCase());
  return a ? [a.accountId] : undefined;
}

function issueIdFor(v: string, ctx: Ctx, field: string): string[] {
  const i = ctx.site.resolveIssue(v);
  if (!i) {
    if (/^\d+$/.test(v)) return [v];
    err(`An issue with key '${v}' does not exist for field '${field}'.`);
  }
  return [String(i.id)];
}

function compileClause(c: Clause, ctx: Ctx): Pred {
  const { site } = ctx;
  // issue.property[...] always resolves; a plain name only when it is a declared searchAlias.
  const prop = propertyRefOf(c.field, ctx);
  if (prop) return propertyClause(c, prop, ctx);
  if (c.field.kind === 'property') return () => false;
  const name = FIELD_ALIASES[c.field.name] ?? c.field.name;
  switch (name) {
    case 'project':
      return setClause(
        c,
        'project',
        (i) => i.projectId,
        (v) => projectIdsFor(v, ctx),
        ctx,
      );
    case 'issuetype':
      return setClause(
        c,
        'issuetype',
        (i) => i.issueTypeId,
        (v) => issueTypeIdsFor(v, ctx),
        ctx,
      );
    case 'status':
      return setClause(
        c,
        'status',
        (i) => i.statusId,
        (v) => statusIdsFor(v, ctx),
        ctx,
      );
    case 'statuscategory':
      return setClause(
        c,
        'statusCategory',
        (i) => site.statuses.get(i.statusId)?.categoryKey ?? null,
        categoryFor,
        ctx,
      );
    case 'priority':
      return setClause(
        c,
        'priority',
        (i) => i.priorityId,
        (v) =>
          PRIORITIES.filter((p) => p.id === v || p.name.toLowerCase() === v.toLowerCase()).map((p) => p.id),
        ctx,
      );
    case 'reporter':
    case 'assignee':
    case 'creator': {
      const get = (i: Issue) =>
        name === 'reporter' ? i.reporterId : name === 'assignee' ? i.assigneeId : i.creatorId;
      return setClause(c, name, get, (v) => userIdsFor(v, ctx), ctx, true);
    }
    case 'labels': {
      if (c.op === 'is' || c.op === 'is not' || c.operand.kind === 'empty') {
        const empty = c.op === 'is' || c.op === '=';
        return (i) => (i.labels.length === 0) === empty;
      }
      if (!['=', '!=', 'in', 'not in'].includes(c.op)) unsupportedOp(c.op, 'labels');
      const wanted = new Set(literalValues(c.operand, ctx, 'labels').filter((x): x is string => x !== null));
      const has: Pred = (i) => i.labels.some((l) => wanted.has(l));
      return c.op === '=' || c.op === 'in' ? has : (i) => i.labels.length > 0 && !has(i);
    }
    case 'created':
      return dateClause(c, 'created', (i) => i.created, ctx);
    case 'updated':
      return dateClause(c, 'updated', (i) => i.updated, ctx);
    case 'resolutiondate':
      return dateClause(c, 'resolutiondate', (i) => i.resolutionDate, ctx);
    case 'statuscategorychangeddate':
      return dateClause(c, 'statusCategoryChangedDate', (i) => i.statusCategoryChanged, ctx);
    case 'key':
    case 'id': {
      if (['<', '>', '<=', '>='].includes(c.op)) {
        const target = Number(issueIdFor(literalValues(c.operand, ctx, name)[0] ?? '', ctx, name)[0]);
        const op = c.op;
        return (i) => orderedOp(op, compare(i.id, target));
      }
      return setClause(
        c,
        name,
        (i) => String(i.id),
        (v) => issueIdFor(v, ctx, name),
        ctx,
      );
    }
    case 'parent':
      return setClause(
        c,
        'parent',
        (i) => (i.parentId === null ? null : String(i.parentId)),
        (v) => issueIdFor(v, ctx, 'parent'),
        ctx,
        true,
      );
    case 'resolution': {
      // Resolved issues (status category Done) carry the resolution "Done"; the others are Unresolved (EMPTY).
      if (c.op === 'is' || c.op === 'is not' || c.operand.kind === 'empty') {
        const empty = c.op === 'is' || c.op === '=';
        return (i) => (i.resolutionDate === null) === empty;
      }
      if (!['=', '!=', 'in', 'not in'].includes(c.op)) unsupportedOp(c.op, 'resolution');
      const wanted = new Set<string>();
      for (const v of literalValues(c.operand, ctx, 'resolution')) {
        if (v === null) continue;
        const l = v.toLowerCase();
        if (l === 'done' || v === '10000') wanted.add('done');
        else if (l === 'unresolved') wanted.add('unresolved');
        else err(`The value '${v}' does not exist for the field 'resolution'.`);
      }
      const has: Pred = (i) => wanted.has(i.resolutionDate === null ? 'unresolved' : 'done');
      // `!=`/NOT IN never match an empty field; Unresolved is the empty value.
      return c.op === '=' || c.op === 'in' ? has : (i) => i.resolutionDate !== null && !has(i);
    }
    case 'votes': {
      if (c.operand.kind !== 'value' || !/^\d+$/.test(c.operand.value))
        err(`Value '${c.operand.kind === 'value' ? c.operand.value : ''}' is invalid for the 'votes' field.`);
      const n = Number(c.operand.value);
      const op = c.op;
      return (i) => orderedOp(op, compare(i.voters?.length ?? 0, n));
    }
    case 'text':
      if (c.op !== '~') err(`The operator '${OP_NAME(c.op)}' is not supported by the 'text' field.`);
      return textClause(c, 'text', (i) => `${i.summary} ${adfText(i.description)}`, ctx);
    case 'summary':
      return textClause(c, 'summary', (i) => i.summary, ctx);
    case 'description':
      return textClause(c, 'description', (i) => adfText(i.description), ctx);
    default:
      return err(`Field '${c.field.raw}' does not exist or you do not have permission to view it.`);
  }
}

function compileExpr(e: Expr, ctx: Ctx, errors: string[]): Pred {
  switch (e.type) {
    case 'clause':
      try {
        return compileClause(e, ctx);
      } catch (x) {
        if (x instanceof JqlValidationError) {
          errors.push(...x.messages);
          return () => false;
        }
        throw x;
      }
    case 'and': {
      const ps = e.items.map((x) => compileExpr(x, ctx, errors));
      return (i) => ps.every((p) => p(i));
    }
    case 'or': {
      const ps = e.items.map((x) => compileExpr(x, ctx, errors));
      return (i) => ps.some((p) => p(i));
    }
    case 'not': {
      const p = compileExpr(e.expr, ctx, errors);
      return (i) => !p(i);
    }
  }
}

function sortKeyFor(ref: FieldRef, ctx: Ctx): SortKey {
  const { site } = ctx;
  const prop = propertyRefOf(ref, ctx);
  if (prop && prop.decl !== 'all') {
    const decl = prop.decl;
    if (!decl) return () => null; // not indexed: every issue sorts as EMPTY
    return (i) => typedValues(i, prop.key, prop.path, decl.type)[0] ?? null;
  }
  if (ref.kind === 'property') {
    const { key, path } = ref;
    return (i) => {
      let v: unknown = i.properties?.get(key);
      for (let p = 0; p < path.length && v !== undefined && v !== null; p++) {
        if (typeof v !== 'object' || Array.isArray(v)) return propertyValues(i, key, path)[0] ?? null;
        v = (v as Record<string, unknown>)[path[p]!];
      }
      if (typeof v === 'number' || typeof v === 'string') return v;
      if (typeof v === 'boolean') return String(v);
      return Array.isArray(v) ? (propertyValues(i, key, path)[0] ?? null) : null;
    };
  }
  const name = FIELD_ALIASES[ref.name] ?? ref.name;
  switch (name) {
    case 'created':
      return (i) => i.created;
    case 'updated':
      return (i) => i.updated;
    case 'resolutiondate':
      return (i) => i.resolutionDate;
    case 'key':
    case 'id':
    case 'rank':
      return (i) => i.id;
    case 'resolution':
      return (i) => (i.resolutionDate === null ? null : 'done');
    case 'priority':
      return (i) => -Number(i.priorityId);
    case 'votes':
      return (i) => i.voters?.length ?? 0;
    case 'summary':
      return (i) => i.summary.toLowerCase();
    case 'status':
      return (i) => site.statuses.get(i.statusId)?.name.toLowerCase() ?? null;
    case 'statuscategory':
      return (i) => STATUS_CATEGORIES.findIndex((c) => c.key === site.statuses.get(i.statusId)?.categoryKey);
    case 'issuetype':
      return (i) => site.issueTypes.get(i.issueTypeId)?.name.toLowerCase() ?? null;
    case 'project':
      return (i) => site.projects.get(i.projectId)?.key ?? null;
    case 'labels':
      return (i) => (i.labels.length ? [...i.labels].sort()[0]! : null);
    case 'assignee':
    case 'reporter':
    case 'creator':
      return (i) => {
        const id = name === 'assignee' ? i.assigneeId : name === 'reporter' ? i.reporterId : i.creatorId;
        return id ? (site.accounts.get(id)?.displayName.toLowerCase() ?? null) : null;
      };
    default:
      return err(`Not able to sort using field '${ref.raw}'.`);
  }
}

/** The projects a JQL where-clause is restricted to, if it is (top-level AND of `project =`/`IN`). */
function boundingProjects(e: Expr | null, ctx: Ctx): string[] | undefined {
  if (!e) return undefined;
  if (
    e.type === 'clause' &&
    e.field.kind === 'field' &&
    e.field.name === 'project' &&
    (e.op === '=' || e.op === 'in')
  ) {
    const out: string[] = [];
    for (const v of literalValues(e.operand, ctx, 'project')) {
      if (v === null) continue;
      out.push(...(projectIdsFor(v, ctx) ?? []));
    }
    return out;
  }
  if (e.type === 'and') {
    for (const x of e.items) {
      const b = boundingProjects(x, ctx);
      if (b) return b;
    }
  }
  return undefined;
}

export function compileJql(
  jql: string,
  site: SiteState,
  viewer: Account,
  reconcile?: ReadonlySet<number>,
): CompiledQuery {
  const query = parseJql(jql);
  site.drainIndex();
  const browsable = new Set<string>();
  for (const p of site.projects.values()) if (site.canBrowse(viewer, p)) browsable.add(p.id);
  const ctx: Ctx = { site, viewer, browsable, now: site.now() };
  const errors: string[] = [];
  const where = query.where ? compileExpr(query.where, ctx, errors) : () => true;
  const sortKeys: CompiledQuery['sortKeys'] = [];
  for (const s of query.orderBy) {
    try {
      const desc =
        s.dir === 'desc' ||
        (s.dir === undefined &&
          ['created', 'updated', 'votes', 'priority'].includes(
            s.field.kind === 'field' ? (FIELD_ALIASES[s.field.name] ?? s.field.name) : '',
          ));
      sortKeys.push({ key: sortKeyFor(s.field, ctx), desc });
    } catch (x) {
      if (x instanceof JqlValidationError) errors.push(...x.messages);
      else throw x;
    }
  }
  if (errors.length > 0) throw new JqlValidationError(errors);
  const bound = boundingProjects(query.where, ctx);
  const candidates = (): Iterable<Issue> => {
    if (bound) return bound.flatMap((id) => site.projects.get(id)?.issues ?? []);
    return site.issues.values();
  };
  const matches: Pred = (i) => browsable.has(i.projectId) && where(i);
  const only = query.orderBy.length === 1 ? query.orderBy[0]! : undefined;
  const onlyProp = only ? propertyRefOf(only.field, ctx) : undefined;
  const propertyIndex = onlyProp
    ? { key: onlyProp.key, path: onlyProp.path, desc: sortKeys[0]!.desc }
    : undefined;
  return {
    query,
    bounded: query.where !== null,
    candidates,
    matches,
    sortKeys,
    boundProjects: bound,
    site,
    propertyIndex,
    view: site.indexLagging ? (i) => site.indexedView(i, reconcile) : (i) => i,
  };
}

/**
 * Runs a compiled query: the matching issues, ordered. Empty values sort after every value in ascending order
 * (and so first in descending order), as in Jira; ties are broken by issue id, newest first.
 */
export function runQuery(q: CompiledQuery): Issue[] {
  if (q.propertyIndex && useIndex(q)) {
    const out: Issue[] = [];
    for (const i of propertySortIndex(q)) if (q.matches(i)) out.push(i);
    return out;
  }
  const out: Issue[] = [];
  for (const live of q.candidates()) {
    const i = q.view(live);
    if (i && q.matches(i)) out.push(i);
  }
  if (q.sortKeys.length === 0) {
    out.sort((a, b) => b.id - a.id);
    return out;
  }
  return sortIssues(out, q.sortKeys);
}

/**
 * Keys are computed once per issue (column-wise, no per-issue allocation), then an index array is sorted.
 * Empty values sort after every value ascending; ties go to the newest issue (highest id).
 */
function sortIssues(out: Issue[], sortKeys: CompiledQuery['sortKeys']): Issue[] {
  const n = out.length;
  const columns = sortKeys.map((s) => {
    const col = new Array<number | string | null>(n);
    for (let k = 0; k < n; k++) col[k] = s.key(out[k]!);
    return col;
  });
  const dirs = sortKeys.map((s) => (s.desc ? -1 : 1));
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => {
    for (let c = 0; c < columns.length; c++) {
      const col = columns[c]!;
      const x = col[a];
      const y = col[b];
      if (x === y) continue;
      let r: number;
      if (x === null || x === undefined) r = 1;
      else if (y === null || y === undefined) r = -1;
      else if (typeof x === typeof y) r = x < y ? -1 : 1;
      else r = typeof x === 'number' ? -1 : 1;
      return r * dirs[c]!;
    }
    return out[b]!.id - out[a]!.id;
  });
  const sorted = new Array<Issue>(n);
  for (let k = 0; k < n; k++) sorted[k] = out[order[k]!]!;
  return sorted;
}

/**
 * Site-wide sort indexes for `ORDER BY issue.property[key].path`: every issue of the site in that order, built
 * on first use and kept until an issue is created or deleted, that property is written on any issue, or the
 * state is touch()ed. Edits, transitions and writes of other properties leave it valid, so a query ordered by
 * the votes property costs one filtering pass in index order instead of a sort.
 */
const indexes = new WeakMap<SiteState, Map<string, { epoch: number; pv: number; order: Issue[] }>>();

function propertySortIndex(q: CompiledQuery): Issue[] {
  const spec = q.propertyIndex!;
  const site = q.site;
  let bySite = indexes.get(site);
  if (!bySite) indexes.set(site, (bySite = new Map()));
  const id = `${spec.key}\u0000${spec.path.join('.')}\u0000${spec.desc ? 'desc' : 'asc'}`;
  const pv = site.propertyVersion(spec.key);
  const hit = bySite.get(id);
  if (hit && hit.epoch === site.epoch && hit.pv === pv) return hit.order;
  const order = sortIssues([...site.issues.values()], q.sortKeys);
  bySite.set(id, { epoch: site.epoch, pv, order });
  return order;
}

/** A project-bounded query over a small part of the site is cheaper to sort than to scan the whole index. */
function useIndex(q: CompiledQuery): boolean {
  // The sort index orders live issues; while writes are outside the search index, sort the indexed views instead.
  if (q.site.indexLagging) return false;
  if (!q.boundProjects) return true;
  let n = 0;
  for (const id of q.boundProjects) n += q.site.projects.get(id)?.issues.length ?? 0;
  return n * 4 >= q.site.issues.size;
}

export function countQuery(q: CompiledQuery): number {
  let n = 0;
  for (const live of q.candidates()) {
    const i = q.view(live);
    if (i && q.matches(i)) n++;
  }
  return n;
}
