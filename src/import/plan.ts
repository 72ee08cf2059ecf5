/**
 * The plan of an import: for every row, what applying it would do, and every problem with its row and column.
 * Pure: what it needs to know about the site (which projects exist, which are governed and by which import,
 * which people exist, who is on the board) comes in as `SiteFacts`, gathered by src/app/import.ts. The dry run
 * is this plan; the apply carries out its `create` rows and nothing else.
 *
 * Idempotency rests on the row's import identity: a hash of what the row says and the project it names, used as
 * the id of the admission decision it creates. A project whose log already holds that decision was imported from
 * this very row (`unchanged`); a project governed otherwise (by hand, or from a row that said something else) is
 * reported as a conflict and never overwritten.
 */
import { createHash } from 'node:crypto';
import { admitExisting, admissionNeedsBoard, type AdmitInput } from '../domain/admission';
import { withBoardRosterInput, type BoardRoster } from '../domain/board-roster';
import { canonicalJson } from '../domain/canonical-json';
import { ruleMessage, type GovernanceRuleCode } from '../domain/rule-error';
import type { Actor } from '../domain/actor';
import { columnOf, type Field, type ImportProblem, type ImportProduct, type ReadResult } from './format';
import type { RowAction, RowSummary } from '../shared/import-report';

export type { RowAction, RowSummary };

export interface SiteFacts {
  /** Projects on the site by key. */
  projects: ReadonlyMap<string, { id: string; key: string; name: string }>;
  /** Governed projects: project id → the ids of the decisions in its log. */
  governed: ReadonlyMap<string, ReadonlySet<string>>;
  /** People Jira knows: accountId → display name. */
  users: ReadonlyMap<string, string>;
  roster: BoardRoster;
}

export interface PlannedRow {
  row: number;
  key?: string;
  name?: string;
  level?: ImportProduct['level'];
  state?: ImportProduct['state'];
  action: RowAction;
  problems: ImportProblem[];
  /** The id of the admission decision this row creates (`imp-<hash>`). */
  identity?: string;
  project?: { id: string; key: string };
  /** What would be created, for the preview. */
  summary?: RowSummary;
  admit?: AdmitInput;
  budget?: { amountDkk: number; funding: 'local' | 'os2' };
}

export interface ImportPlan {
  format: ReadResult['format'];
  fileProblems: ImportProblem[];
  rows: PlannedRow[];
  counts: Record<RowAction, number>;
}

/** The import identity of a row: what it says about the product, and the project it goes to. */
export function importIdentity(product: ImportProduct, projectId: string): string {
  const hash = createHash('sha256')
    .update(canonicalJson({ v: 1, projectId, product }))
    .digest('hex');
  return `imp-${hash.slice(0, 32)}`;
}

/** Every accountId a file names, so the app can ask Jira about each once. */
export function accountIdsOf(read: ReadResult): string[] {
  const ids = new Set<string>();
  for (const r of read.rows) {
    const p = r.product;
    if (!p) continue;
    p.steeringGroup?.members.forEach((m) => ids.add(m.accountId));
    p.coordinationGroup?.members.forEach((m) => ids.add(m.accountId));
    if (p.projectOwner) ids.add(p.projectOwner);
    if (p.projectLeader) ids.add(p.projectLeader);
  }
  return [...ids];
}

/** The column a refusal of the governance rules belongs to. */
const RULE_FIELD: Partial<Record<GovernanceRuleCode, Field>> = {
  STEERING_GROUP_EMPTY: 'steeringGroup',
  STEERING_GROUP_DUPLICATE_MEMBER: 'steeringGroup',
  CHAIR_NOT_A_MEMBER: 'steeringGroup',
  PROJECT_LEADER_IS_NOT_A_MEMBER: 'projectLeader',
  STEERING_MEMBER_NOT_PARTICIPATING: 'steeringGroup',
  UNKNOWN_MUNICIPALITY: 'municipalities',
  IMPORTED_DECISION_IN_FUTURE: 'decisions',
  N1_FUNDING_IS_LOCAL: 'funding',
  INVALID_INPUT: 'key',
};

export function planImport(
  read: ReadResult,
  facts: SiteFacts,
  actor: Actor,
  now: string,
  catalogue?: string,
): ImportPlan {
  const firstRowOfKey = new Map<string, number>();
  const rows = read.rows.map((r): PlannedRow => {
    const problems = [...r.problems];
    const col = (f: Field) => columnOf(read, r.row, f);
    const add = (f: Field, code: ImportProblem['code'], value?: string, detail?: ImportProblem['detail']) =>
      problems.push({
        row: r.row,
        column: col(f),
        code,
        ...(value !== undefined ? { value } : {}),
        ...(detail ? { detail } : {}),
      });
    if (r.key) {
      const first = firstRowOfKey.get(r.key);
      // The first row naming a project is the one imported; a repeat is a mistake in the sheet, reported.
      if (first !== undefined) add('key', 'DUPLICATE_KEY', `${r.key} (${first})`);
      else firstRowOfKey.set(r.key, r.row);
    }
    const p = r.product;
    const base = {
      row: r.row,
      ...(r.key ? { key: r.key } : {}),
      ...(r.name ? { name: r.name } : {}),
      ...(p ? { name: p.name, level: p.level, state: p.state } : {}),
    };
    if (!p || problems.length) return { ...base, action: 'invalid', problems };

    const project = facts.projects.get(p.key);
    if (!project) add('key', 'MISSING_PROJECT', p.key);
    const people: [Field, string][] = [
      ...(p.steeringGroup?.members ?? []).map((m): [Field, string] => ['steeringGroup', m.accountId]),
      ...(p.coordinationGroup?.members ?? []).map((m): [Field, string] => ['coordinationGroup', m.accountId]),
      ...(p.projectOwner ? [['projectOwner', p.projectOwner] as [Field, string]] : []),
      ...(p.projectLeader ? [['projectLeader', p.projectLeader] as [Field, string]] : []),
    ];
    for (const [f, id] of people) if (!facts.users.has(id)) add(f, 'UNKNOWN_USER', id);

    // An N3 project running or a product: its steering group is the board's to appoint, with the board holding
    // the majority, and its coordination group must hold a board member. A group with no board member at all
    // can never be confirmed by the board, so the row is stopped here rather than admitted to wait forever.
    if (p.level === 'N3' && (p.state === 'approved' || p.state === 'product')) {
      if (!p.steeringGroup?.members.some((m) => facts.roster.has(m.accountId)))
        add('steeringGroup', 'N3_NEEDS_BOARD_MEMBER');
      if (p.coordinationGroup && !p.coordinationGroup.members.some((m) => facts.roster.has(m.accountId)))
        add('coordinationGroup', 'N3_NEEDS_BOARD_MEMBER');
    }
    const nowMs = Date.parse(now);
    for (const d of p.decisions) {
      const at = /^\d{4}-\d{2}-\d{2}$/.test(d.decidedAt) ? `${d.decidedAt}T12:00:00.000Z` : d.decidedAt;
      if (Date.parse(at) > nowMs) add('decisions', 'DATE_IN_FUTURE', d.decidedAt);
    }
    if (p.budget?.funding === 'os2' && p.level === 'N1')
      add('funding', 'RULE', 'OS2', ruleMessage('N1_FUNDING_IS_LOCAL'));
    if (problems.length || !project) return { ...base, action: 'invalid', problems };

    const identity = importIdentity(p, project.id);
    const governed = facts.governed.get(project.id);
    if (governed) {
      if (governed.has(identity)) return { ...base, action: 'unchanged', problems, identity, project };
      add('key', 'ALREADY_GOVERNED', p.key);
      return { ...base, action: 'conflict', problems, identity, project };
    }

    const admit: AdmitInput = { ...admitInputOf(p, project, facts), ...(catalogue ? { catalogue } : {}) };
    const tried = admitExisting(actor, withBoardRosterInput(admit, facts.roster), now, identity);
    if (!tried.ok) {
      const code = tried.error.code as GovernanceRuleCode;
      add(RULE_FIELD[code] ?? 'key', 'RULE', undefined, { da: tried.error.da, en: tried.error.en });
      return { ...base, action: 'invalid', problems };
    }
    return {
      ...base,
      action: 'create',
      problems,
      identity,
      project,
      admit,
      ...(p.budget ? { budget: p.budget } : {}),
      summary: {
        municipalities: p.municipalities.length,
        decisions: p.decisions.length,
        steeringGroup: p.steeringGroup?.members.length ?? 0,
        coordinationGroup: p.coordinationGroup?.members.length ?? 0,
        ...(p.budget ? { budgetDkk: p.budget.amountDkk } : {}),
        awaitsBoard: admissionNeedsBoard(p.level, p.state),
      },
    };
  });
  const counts = { create: 0, unchanged: 0, conflict: 0, invalid: 0 };
  for (const r of rows) counts[r.action] += 1;
  return { format: read.format, fileProblems: read.fileProblems, rows, counts };
}

/** The domain's admission input for a row, with every person's name as Jira has it. */
export function admitInputOf(
  p: ImportProduct,
  project: { id: string; key: string },
  facts: Pick<SiteFacts, 'users'>,
): AdmitInput {
  const person = (accountId: string) => ({ accountId, displayName: facts.users.get(accountId) ?? accountId });
  return {
    name: p.name,
    project: { id: project.id, key: project.key },
    level: p.level,
    state: p.state,
    origin: p.origin,
    ...(p.developedBy ? { developedBy: p.developedBy } : {}),
    basis: 'Importeret fra porteføljeoversigten',
    municipalities: p.municipalities,
    ...(p.steeringGroup
      ? {
          steeringGroup: {
            members: p.steeringGroup.members.map((m) => ({
              person: person(m.accountId),
              municipality: m.municipality,
            })),
            ...(p.steeringGroup.chair ? { chair: p.steeringGroup.chair } : {}),
          },
        }
      : {}),
    ...(p.projectOwner ? { projectOwner: person(p.projectOwner) } : {}),
    ...(p.projectLeader ? { projectLeader: person(p.projectLeader) } : {}),
    ...(p.coordinationGroup
      ? {
          coordinationGroup: {
            members: p.coordinationGroup.members.map((m) => ({
              person: person(m.accountId),
              ...(m.municipality ? { municipality: m.municipality } : {}),
            })),
            ...(p.coordinationGroup.chair ? { chair: p.coordinationGroup.chair } : {}),
            supplierRun: p.coordinationGroup.supplierRun,
          },
        }
      : {}),
    history: p.decisions.map((d) => ({
      kind: d.kind,
      body: d.body,
      decidedAt: d.decidedAt,
      decidedBy: { displayName: d.decidedBy },
      summary: d.summary,
      basis: d.basis ?? '',
    })),
  };
}
