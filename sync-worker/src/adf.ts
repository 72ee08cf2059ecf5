import type { RollUp } from '../../src/domain/rollup.js';
import { ApprovalStateSchema } from '../../src/domain/approval-state.js';
import type { ApprovalState } from '../../src/domain/approval-state.js';
import { formatter, stateName, t } from '../../src/i18n/index.js';
import type { MessageKey, Vars } from '../../src/i18n/index.js';

/**
 * Portfolio status per approval state (team-contracts.md "Portfolio project"): the catalogue's Danish state
 * names, so Jira, the app, the page and the terminal name each state the same.
 */
export const STATUS_BY_STATE: Record<ApprovalState, string> = Object.fromEntries(
  ApprovalStateSchema.options.map((s) => [s, stateName('da', s)]),
) as Record<ApprovalState, string>;

/** The portfolio issue is written once for everyone, in Danish (the catalogue's `issue.*` and page names). */
const da = (key: MessageKey, vars?: Vars): string => t('da', key, vars);

/** A mirror that does not verify is shouted in the issue: it is the one row a reader must not miss. */
function integrityText(integrity: RollUp['integrity']): string {
  const name = da(`integrity.${integrity}`);
  return integrity === 'tampered' ? da('issue.integrityTampered', { integrity: name.toUpperCase() }) : name;
}

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

const dkk = (n: number): string => formatter('da').dkk(n);

/** The description of a portfolio issue: an Atlassian Document Format table of the roll-up. */
export function rollUpDescription(r: RollUp): Node {
  const steering =
    r.steering.kind === 'steering_group'
      ? da('issue.steeringGroup', { count: r.steering.members, board: r.steering.boardMembers }) +
        (r.steering.chair ? da('issue.chair', { chair: r.steering.chair }) : '')
      : r.steering.kind === 'project_owner'
        ? da('issue.projectOwner', { name: r.steering.chair ?? '' })
        : da('issue.none');
  const status = r.status
    ? da('issue.status', {
        date: r.status.date,
        rag: r.status.rag.toUpperCase(),
        progress: r.status.progress,
        budget: dkk(r.status.budgetDkk),
        spent: dkk(r.status.spentDkk),
        forecast: dkk(r.status.forecastDkk),
      })
    : da('page.noStatus');
  const open = r.requirements.open;
  const requirements =
    da('issue.requirements', {
      met: r.requirements.met,
      explained: r.requirements.explained,
      open: open.length,
      total: r.requirements.total,
    }) + (open.length ? ` (${open.join(', ')})` : '');
  const top = r.topRequests.length
    ? r.topRequests
        .map((q) => da('issue.topRequest', { key: q.key, summary: q.summary, count: q.votes }))
        .join('; ')
    : da('issue.none');
  const rows = [
    row(da('page.col.product'), `${r.name} (${r.project.key}, ${r.site})`),
    row(da('issue.integrity'), integrityText(r.integrity)),
    row(da('page.col.level'), r.level ?? '–'),
    row(da('page.col.state'), r.state ? stateName('da', r.state) : '–'),
    row(da('page.detailSteering'), steering),
    row(da('page.detailProjectLeader'), r.projectLeader ?? '–'),
    row(da('page.col.municipalities'), r.municipalities.map((m) => m.name).join(', ') || '–'),
    row(da('page.col.status'), status),
    // The development frame only when set, so a product without one is described as before.
    ...(r.frame
      ? [
          row(
            da('page.frame'),
            `${dkk(r.frame.amountDkk)} (${da(r.frame.approved ? 'page.frameApproved' : 'page.frameNotApproved')})`,
          ),
        ]
      : []),
    row(da('page.detailRequirements'), requirements),
    row(da('page.summaryOpenRequests'), String(r.openRequests)),
    row(da('issue.topRequests'), top),
    row(
      da('page.col.lastDecision'),
      r.decisions[0] ? `${r.decisions[0].decidedAt.slice(0, 10)} ${r.decisions[0].summary}` : '–',
    ),
    row(da('page.revision'), String(r.revision)),
  ];
  return {
    type: 'doc',
    version: 1,
    content: [
      para(da('issue.intro')),
      { type: 'table', attrs: { isNumberColumnEnabled: false, layout: 'default' }, content: rows },
    ],
  };
}
