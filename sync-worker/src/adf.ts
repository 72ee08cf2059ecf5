import type { RollUp } from '../../src/domain/rollup.js';
import type { ApprovalState } from '../../src/domain/approval-state.js';
import { stateName } from '../../src/i18n/index.js';

/** Portfolio status per approval state (team-contracts.md "Portfolio project"). */
export const STATUS_BY_STATE: Record<ApprovalState, string> = {
  idea: 'Idé',
  concept: 'Koncept',
  board_review: 'Bestyrelsesbehandling',
  approved: 'Godkendt',
  product: 'Produkt',
  retired: 'Udfaset',
  rejected: 'Afvist',
};

const INTEGRITY_DA: Record<RollUp['integrity'], string> = {
  verified: 'Verificeret',
  tampered: 'ÆNDRET UDEN OM APPEN (signaturen passer ikke)',
  unsigned: 'Usigneret',
  missing: 'Mangler',
};

/** Labels of a portfolio issue: level and state, and integrity when the mirror did not verify. */
export function rollUpLabels(r: RollUp): string[] {
  const labels = ['os2-portefolje'];
  if (r.level) labels.push(`os2-niveau-${r.level}`);
  if (r.state) labels.push(`os2-tilstand-${r.state}`);
  if (r.integrity !== 'verified') labels.push(`os2-integritet-${r.integrity}`);
  return labels;
}

export function rollUpSummary(r: RollUp): string {
  return `${r.name} (${r.project.key})`.slice(0, 255);
}

type Node = Record<string, unknown>;
const text = (t: string, marks?: Node[]): Node => ({
  type: 'text',
  text: t || '–',
  ...(marks ? { marks } : {}),
});
const para = (t: string): Node => ({ type: 'paragraph', content: [text(t)] });
const cell = (t: string, header = false): Node => ({
  type: header ? 'tableHeader' : 'tableCell',
  attrs: {},
  content: [para(t)],
});
const row = (label: string, value: string): Node => ({
  type: 'tableRow',
  content: [cell(label, true), cell(value)],
});

const dkk = (n: number) => `${n.toLocaleString('da-DK')} kr.`;

/** The description of a portfolio issue: an Atlassian Document Format table of the roll-up. */
export function rollUpDescription(r: RollUp): Node {
  const steering =
    r.steering.kind === 'steering_group'
      ? `Styregruppe: ${r.steering.members} medlemmer, heraf ${r.steering.boardMembers} fra bestyrelsen${r.steering.chair ? `; formand ${r.steering.chair}` : ''}`
      : r.steering.kind === 'project_owner'
        ? `Projektejer: ${r.steering.chair ?? ''}`
        : 'Ingen';
  const status = r.status
    ? `${r.status.date} ${r.status.rag.toUpperCase()}: ${r.status.progress} (budget ${dkk(r.status.budgetDkk)}, forbrugt ${dkk(r.status.spentDkk)}, prognose ${dkk(r.status.forecastDkk)})`
    : 'Ingen statusrapport';
  const requirements = `${r.requirements.met} opfyldt, ${r.requirements.explained} forklaret, ${r.requirements.open.length} åbne af ${r.requirements.total}${r.requirements.open.length ? ` (${r.requirements.open.join(', ')})` : ''}`;
  const top = r.topRequests.length
    ? r.topRequests.map((t) => `${t.key} ${t.summary}: ${t.votes} stemmer`).join('; ')
    : 'Ingen';
  const rows = [
    row('Produkt', `${r.name} (${r.project.key}, ${r.site})`),
    row('Integritet', INTEGRITY_DA[r.integrity]),
    row('Niveau', r.level ?? '–'),
    row('Tilstand', r.state ? stateName('da', r.state) : '–'),
    row('Styring', steering),
    row('Projektleder', r.projectLeader ?? '–'),
    row('Kommuner', r.municipalities.map((m) => m.name).join(', ') || '–'),
    row('Status', status),
    row('Krav (følg eller forklar)', requirements),
    row('Åbne udviklingsønsker', String(r.openRequests)),
    row('Mest ønskede', top),
    row(
      'Seneste beslutning',
      r.decisions[0] ? `${r.decisions[0].decidedAt.slice(0, 10)} ${r.decisions[0].summary}` : '–',
    ),
    row('Revision', String(r.revision)),
  ];
  return {
    type: 'doc',
    version: 1,
    content: [
      para('Opdateres automatisk af OS2 sync-tjenesten; ret i produktets eget Jira-projekt, ikke her.'),
      { type: 'table', attrs: { isNumberColumnEnabled: false, layout: 'default' }, content: rows },
    ],
  };
}
