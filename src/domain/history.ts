/**
 * A product's history as a readable timeline (issue 15, item 5): every stored revision of its governance
 * record, field by field, every decision, and every vote and pledge change, newest first.
 *
 * The inputs are what Forge storage already keeps (src/app/storage.ts): one commit per revision, the
 * append-only decision log and the vote log. Values are given as text in Danish and English here, because
 * the same timeline is shown in the app and on the portfolio page and both must say the same thing; every word
 * comes from the one catalogue (src/i18n, `history.*`, `state.*`, `rag.*`), kroner from its one formatter.
 */
import { z } from 'zod';
import { GovernanceRecordSchema, type GovernanceRecord, type StatusReport } from './governance-record';
import type { Decision } from './decision';
import { PersonSchema, type Person } from './person';
import { KommunekodeSchema } from './municipality';
import { CoFinanceSchema, type CoFinance } from './vote';
import { municipalityByCode, officialName } from './municipalities';
import type { ApprovalState } from './approval-state';
import { t, type MessageKey } from '../i18n/index';
import { formatter } from '../i18n/format';

export interface Text {
  da: string;
  en: string;
}

/** One stored revision: the record as saved and, for saves made since the history existed, who saved it. */
export const StoredRevisionSchema = z.strictObject({
  record: GovernanceRecordSchema,
  by: PersonSchema.optional(),
});
export type StoredRevision = z.infer<typeof StoredRevisionSchema>;

/** One change of a municipality's vote on a feature request (the vote keys themselves only hold the latest). */
export const VoteEventSchema = z.strictObject({
  issueId: z.string().regex(/^\d+$/),
  issueKey: z.string().max(32).optional(),
  municipality: KommunekodeSchema,
  action: z.enum(['cast', 'change', 'withdraw']),
  coFinance: CoFinanceSchema.optional(),
  previous: CoFinanceSchema.optional(),
  by: PersonSchema,
  at: z.iso.datetime(),
});
export type VoteEvent = z.infer<typeof VoteEventSchema>;

export const HISTORY_FIELDS = [
  'name',
  'level',
  'state',
  'catalogue',
  'placedOnLevelAt',
  'steeringGroup',
  'steeringChair',
  'steeringApproved',
  'projectOwner',
  'projectLeader',
  'coordinationGroup',
  'municipalities',
  'requirements',
  'statusReports',
] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];

/** Both languages of one catalogue text. */
function both(key: MessageKey, vars?: Record<string, string | number>): Text {
  return { da: t('da', key, vars), en: t('en', key, vars) };
}

export const FIELD_LABELS: Record<HistoryField, Text> = Object.fromEntries(
  HISTORY_FIELDS.map((f) => [f, both(`history.field.${f}` as MessageKey)]),
) as Record<HistoryField, Text>;

// The same names as the app's catalogue (src/i18n, 'state.*'), the portfolio page and Jira's statuses.
export const STATE_TEXT: Record<ApprovalState, Text> = Object.fromEntries(
  (['idea', 'concept', 'board_review', 'approved', 'product', 'retired', 'rejected'] as const).map((st) => [
    st,
    both(`state.${st}`),
  ]),
) as Record<ApprovalState, Text>;

const same = (s: string): Text => ({ da: s, en: s });
const NONE: Text = { da: '—', en: '—' };

export interface FieldChange {
  field: HistoryField;
  /** For a requirement: its id; for a status report: its date. */
  item?: string;
  from: Text;
  to: Text;
}

export type HistoryEntry =
  | {
      kind: 'revision';
      at: string;
      by?: Person;
      revision: number;
      /** The oldest stored revision: shown as the record's state then, not as changes. */
      first: boolean;
      changes: FieldChange[];
    }
  | { kind: 'decision'; at: string; by: Person; decision: Decision }
  | { kind: 'vote'; at: string; by: Person; vote: VoteEvent };

function municipalityName(code: string): string {
  const m = municipalityByCode(code);
  return m ? officialName(m) : code;
}

function list(names: readonly string[]): Text {
  return names.length === 0 ? NONE : same(names.join(', '));
}

function personText(p: Person | undefined): Text {
  return p ? same(p.displayName) : NONE;
}

const dkk = (locale: 'da' | 'en', n: number) => formatter(locale).dkk(n);

function answerText(a: GovernanceRecord['requirements'][string] | undefined): Text {
  if (!a || a.status === 'open') return both('history.answer.open');
  if (a.status === 'met') return both('history.answer.met', { name: a.by.displayName });
  return both('history.answer.explained', { explanation: a.explanation });
}

function members(group: { members: readonly { person: Person }[] } | undefined): string[] {
  return (group?.members ?? []).map((m) => m.person.displayName);
}

function memberChange(field: HistoryField, before: string[], after: string[]): FieldChange | undefined {
  const removed = before.filter((n) => !after.includes(n));
  const added = after.filter((n) => !before.includes(n));
  if (removed.length === 0 && added.length === 0) return undefined;
  return { field, from: list(removed), to: list(added) };
}

type Answer = GovernanceRecord['requirements'][string];
// Field by field rather than JSON.stringify: a history diffs every revision pair, and this is its hot path.
function sameAnswer(a: Answer | undefined, b: Answer | undefined): boolean {
  const x = a ?? { status: 'open' as const };
  const y = b ?? { status: 'open' as const };
  if (x.status !== y.status) return false;
  if (x.status === 'open' || y.status === 'open') return true;
  if (x.by.accountId !== y.by.accountId || x.at !== y.at) return false;
  if (x.status === 'met' && y.status === 'met') return x.note === y.note;
  return x.status === 'explained' && y.status === 'explained' && x.explanation === y.explanation;
}

const reportKey = (r: StatusReport) =>
  `${r.date}|${r.rag}|${r.budgetDkk}|${r.spentDkk}|${r.forecastDkk}|${r.reportedBy.accountId}|${r.progress}`;

/**
 * What changed between two revisions of a record, field by field. Lists (members, municipalities) say who
 * left (`from`) and who joined (`to`); a requirement or status report is one change per item.
 */
export function diffRecords(before: GovernanceRecord, after: GovernanceRecord): FieldChange[] {
  const out: FieldChange[] = [];
  const push = (c: FieldChange | undefined) => {
    if (c) out.push(c);
  };
  if (before.name !== after.name) push({ field: 'name', from: same(before.name), to: same(after.name) });
  if (before.level !== after.level) push({ field: 'level', from: same(before.level), to: same(after.level) });
  if (before.state !== after.state)
    push({ field: 'state', from: STATE_TEXT[before.state], to: STATE_TEXT[after.state] });
  if (before.catalogue !== after.catalogue)
    push({ field: 'catalogue', from: same(before.catalogue), to: same(after.catalogue) });
  if (before.placedOnLevelAt !== after.placedOnLevelAt)
    push({
      field: 'placedOnLevelAt',
      from: before.placedOnLevelAt ? same(before.placedOnLevelAt.slice(0, 10)) : NONE,
      to: after.placedOnLevelAt ? same(after.placedOnLevelAt.slice(0, 10)) : NONE,
    });
  push(memberChange('steeringGroup', members(before.steeringGroup), members(after.steeringGroup)));
  const chairName = (r: GovernanceRecord) =>
    r.steeringGroup?.members.find((m) => m.person.accountId === r.steeringGroup?.chair)?.person;
  if (before.steeringGroup?.chair !== after.steeringGroup?.chair)
    push({ field: 'steeringChair', from: personText(chairName(before)), to: personText(chairName(after)) });
  const approvedText = (r: GovernanceRecord) =>
    r.steeringGroup?.approvedByBoardAt ? same(r.steeringGroup.approvedByBoardAt.slice(0, 10)) : NONE;
  if (before.steeringGroup?.approvedByBoardAt !== after.steeringGroup?.approvedByBoardAt)
    push({ field: 'steeringApproved', from: approvedText(before), to: approvedText(after) });
  if (before.projectOwner?.accountId !== after.projectOwner?.accountId)
    push({
      field: 'projectOwner',
      from: personText(before.projectOwner),
      to: personText(after.projectOwner),
    });
  if (before.projectLeader?.accountId !== after.projectLeader?.accountId)
    push({
      field: 'projectLeader',
      from: personText(before.projectLeader),
      to: personText(after.projectLeader),
    });
  push(
    memberChange('coordinationGroup', members(before.coordinationGroup), members(after.coordinationGroup)),
  );
  push(
    memberChange(
      'municipalities',
      before.municipalities.map((m) => m.name),
      after.municipalities.map((m) => m.name),
    ),
  );
  const ids = [...new Set([...Object.keys(before.requirements), ...Object.keys(after.requirements)])].sort();
  for (const id of ids) {
    const a = before.requirements[id];
    const b = after.requirements[id];
    if (!sameAnswer(a, b)) push({ field: 'requirements', item: id, from: answerText(a), to: answerText(b) });
  }
  const known = new Set(before.statusReports.map(reportKey));
  for (const r of after.statusReports) {
    if (known.has(reportKey(r))) continue;
    const report = (locale: 'da' | 'en') =>
      t(locale, 'history.report', {
        rag: t(locale, `rag.${r.rag}`),
        spent: dkk(locale, r.spentDkk),
        budget: dkk(locale, r.budgetDkk),
        forecast: dkk(locale, r.forecastDkk),
        name: r.reportedBy.displayName,
      });
    push({ field: 'statusReports', item: r.date, from: NONE, to: { da: report('da'), en: report('en') } });
  }
  return out;
}

/** The record as it stood at its oldest stored revision, as changes from nothing. */
function snapshot(record: GovernanceRecord): FieldChange[] {
  const out: FieldChange[] = [
    { field: 'name', from: NONE, to: same(record.name) },
    { field: 'level', from: NONE, to: same(record.level) },
    { field: 'state', from: NONE, to: STATE_TEXT[record.state] },
  ];
  const sg = members(record.steeringGroup);
  if (sg.length) out.push({ field: 'steeringGroup', from: NONE, to: list(sg) });
  if (record.projectOwner)
    out.push({ field: 'projectOwner', from: NONE, to: personText(record.projectOwner) });
  if (record.projectLeader)
    out.push({ field: 'projectLeader', from: NONE, to: personText(record.projectLeader) });
  const cg = members(record.coordinationGroup);
  if (cg.length) out.push({ field: 'coordinationGroup', from: NONE, to: list(cg) });
  if (record.municipalities.length)
    out.push({ field: 'municipalities', from: NONE, to: list(record.municipalities.map((m) => m.name)) });
  return out;
}

function pledge(c: CoFinance | undefined): Text {
  if (!c || !c.willing) return both('history.pledge.none');
  if (c.amountDkk === undefined) return both('history.pledge.willing');
  const amount = c.amountDkk;
  return {
    da: t('da', 'history.pledge.amount', { amount: dkk('da', amount) }),
    en: t('en', 'history.pledge.amount', { amount: dkk('en', amount) }),
  };
}

/** One line for a vote event, e.g. "Aarhus Kommune stemte på MO-12 (vil medfinansiere 50.000 kr.)". */
export function voteEventText(v: VoteEvent): Text {
  const who = municipalityName(v.municipality);
  const issue = v.issueKey ?? v.issueId;
  if (v.action === 'withdraw') return both('history.vote.withdraw', { who, issue });
  const was = pledge(v.previous);
  const now = pledge(v.coFinance);
  if (v.action === 'change')
    return {
      da: t('da', 'history.vote.change', { who, issue, from: was.da, to: now.da }),
      en: t('en', 'history.vote.change', { who, issue, from: was.en, to: now.en }),
    };
  return {
    da: t('da', 'history.vote.cast', { who, issue, pledge: now.da }),
    en: t('en', 'history.vote.cast', { who, issue, pledge: now.en }),
  };
}

/**
 * The timeline, newest first: revisions (each compared with the one before it; a gap in the stored
 * revisions compares with the nearest older one), decisions and vote events. Ties at the same instant keep
 * decisions before the revision they produced, so a reader sees the decision and then what it changed.
 */
export function historyTimeline(input: {
  revisions: readonly StoredRevision[];
  decisions: readonly Decision[];
  votes?: readonly VoteEvent[];
}): HistoryEntry[] {
  const revisions = [...input.revisions].sort((a, b) => a.record.revision - b.record.revision);
  const entries: HistoryEntry[] = [];
  revisions.forEach((rev, i) => {
    const prev = revisions[i - 1];
    const changes = prev ? diffRecords(prev.record, rev.record) : snapshot(rev.record);
    // A save that changed nothing a reader can see (e.g. only updatedAt) is left out; the first never is.
    if (prev && changes.length === 0) return;
    entries.push({
      kind: 'revision',
      at: rev.record.updatedAt,
      ...(rev.by ? { by: rev.by } : {}),
      revision: rev.record.revision,
      first: !prev,
      changes,
    });
  });
  // Decisions come parsed from storage (or the domain's own transitions); no second parse here.
  for (const decision of input.decisions)
    entries.push({ kind: 'decision', at: decision.decidedAt, by: decision.decidedBy, decision });
  for (const v of input.votes ?? []) entries.push({ kind: 'vote', at: v.at, by: v.by, vote: v });
  const order = { revision: 0, decision: 1, vote: 2 } as const;
  return entries.sort(
    (a, b) =>
      Date.parse(b.at) - Date.parse(a.at) ||
      order[a.kind] - order[b.kind] ||
      (a.kind === 'revision' && b.kind === 'revision' ? b.revision - a.revision : 0),
  );
}

/** One change as a line of text in a language: "Niveau: N2 → N3", "Krav N1-3: åbent → opfyldt (Mette)". */
export function changeText(c: FieldChange, lang: 'da' | 'en'): string {
  const label = FIELD_LABELS[c.field][lang] + (c.item ? ` ${c.item}` : '');
  const listLike =
    c.field === 'steeringGroup' || c.field === 'coordinationGroup' || c.field === 'municipalities';
  const left = t(lang, 'history.left');
  const joined = t(lang, 'history.joined');
  if (listLike && c.from[lang] !== '—' && c.to[lang] !== '—')
    return `${label}: ${left} ${c.from[lang]}; ${joined} ${c.to[lang]}`;
  if (listLike && c.from[lang] !== '—') return `${label}: ${left} ${c.from[lang]}`;
  if (listLike) return `${label}: ${joined} ${c.to[lang]}`;
  return `${label}: ${c.from[lang]} → ${c.to[lang]}`;
}
