import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical-json';
import { findCatalogue } from './catalogue-registry';
import { OS2_2016 } from './catalogues/os2-2016';
import { requirementCounts } from './requirements';
import { boardMemberCount } from './steering';
import { recordRuleViolations } from './invariants';
import { catalogueWithChanges, type MirroredCatalogueChange } from './catalogue-versions';
import { effectiveFrameDkk } from './economy';
import { addDays, DEFAULT_CADENCE, reportsAllowed, type ReportingCadence } from './reporting';
import type { Catalogue } from './catalogue';
import type { Decision } from './decision';
import type { GovernanceRecord, StatusReport } from './governance-record';
import type { MirrorIntegrity, RollUp, TopRequest } from './rollup';

export interface RollUpInput {
  /** The source site's name as configured in the worker (e.g. 'os2', 'supplier'). */
  site: string;
  /** The record from the mirror; only rolled up when `integrity` is 'verified'. */
  record?: GovernanceRecord;
  /** The project when there is no trusted record (missing or tampered mirror); otherwise taken from the record. */
  project?: { id: string; key: string };
  /** The project's name when there is no trusted record (e.g. the Jira project name). */
  name?: string;
  decisions: readonly Decision[];
  integrity: MirrorIntegrity;
  openRequests: number;
  topRequests: readonly TopRequest[];
  /** Requests whose vote tally did not verify, passed over for the top list. */
  skippedRequests?: number;
  /** Defaults to the record's catalogue (or os2-2016) with `catalogueChanges` applied. */
  catalogue?: Catalogue;
  /** The board's versions of the record's catalogue as the mirror or push carried them (src/domain/catalogue-versions.ts). */
  catalogueChanges?: readonly MirroredCatalogueChange[];
  /** Days between status reports per level; defaults to {@link DEFAULT_CADENCE} (the app's defaults). */
  cadence?: ReportingCadence;
}

const LIMITS = { name: 255, progress: 500, decisionSummary: 500, requestSummary: 255, key: 32, person: 255 };
const MAX_DECISIONS = 10;
const MAX_TOP_REQUESTS = 10;

/** Shortens text to the schema's limit, marking the cut, so a long summary never breaks the property write. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The newest report by date; of two on the same date, the later in the list (reported afterwards). */
function latestStatus(reports: readonly StatusReport[]): StatusReport | undefined {
  let latest: StatusReport | undefined;
  for (const r of reports) if (!latest || r.date >= latest.date) latest = r;
  return latest;
}

/** The reporting duty as dates only (see `RollUpSchema.reporting`): the same every day until a report is filed. */
function reportingDuty(
  level: GovernanceRecord['level'],
  lastReport: string | undefined,
  cadence: ReportingCadence,
): NonNullable<RollUp['reporting']> {
  const cadenceDays = cadence[level];
  return lastReport
    ? { cadenceDays, lastReport, dueDate: addDays(lastReport, cadenceDays) }
    : { cadenceDays };
}

/**
 * The portfolio roll-up of one product (design.md "The sync service", step 3). Pure: the worker and the
 * project page compute the same thing from the same mirror. A mirror that is missing or does not verify is
 * still rolled up, with its integrity and without governance fields, so the portfolio shows that something
 * is wrong instead of silently dropping the product.
 */
export function rollUp(input: RollUpInput): RollUp {
  const trusted = input.integrity === 'verified' ? input.record : undefined;
  const project = trusted?.project ?? input.project ?? input.record?.project;
  if (!project) throw new Error('rollUp: uden et gyldigt register skal projektet angives (project)');
  const name = clip(trusted?.name ?? input.name ?? project.key, LIMITS.name);

  const topRequests = input.topRequests.slice(0, MAX_TOP_REQUESTS).map((t) => ({
    key: clip(t.key, LIMITS.key),
    summary: clip(t.summary, LIMITS.requestSummary),
    votes: t.votes,
    coFinanceWilling: t.coFinanceWilling,
    coFinanceTotalDkk: t.coFinanceTotalDkk,
  }));
  const base = {
    schema: 1 as const,
    sourceKey: `${input.site}/${project.id}`,
    site: input.site,
    project: { id: project.id, key: project.key },
    name,
    integrity: input.integrity,
    openRequests: input.openRequests,
    topRequests,
    ...(input.skippedRequests ? { skippedRequests: input.skippedRequests } : {}),
  };
  if (!trusted) {
    return {
      ...base,
      steering: { kind: 'none', members: 0, boardMembers: 0 },
      municipalities: [],
      requirements: { total: 0, met: 0, explained: 0, open: [] },
      decisions: [],
      revision: 0,
    };
  }

  const catalogue =
    input.catalogue ??
    catalogueWithChanges(findCatalogue(trusted.catalogue) ?? OS2_2016, input.catalogueChanges ?? []);
  const frame = trusted.developmentFrame;
  const group = trusted.steeringGroup;
  let steering: RollUp['steering'];
  if (group && group.members.length > 0) {
    const chair = group.members.find((m) => m.person.accountId === group.chair)?.person.displayName;
    steering = {
      kind: 'steering_group',
      ...(chair !== undefined ? { chair: clip(chair, LIMITS.person) } : {}),
      members: group.members.length,
      boardMembers: boardMemberCount(group),
    };
  } else if (trusted.projectOwner) {
    // A project owner steers alone: shown as the "chair" of a one-person steering.
    steering = {
      kind: 'project_owner',
      chair: clip(trusted.projectOwner.displayName, LIMITS.person),
      members: 1,
      boardMembers: 0,
    };
  } else {
    steering = { kind: 'none', members: 0, boardMembers: 0 };
  }

  const report = latestStatus(trusted.statusReports);
  const violations = recordRuleViolations(trusted);
  const decisions = input.decisions
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.decidedAt === b.d.decidedAt ? b.i - a.i : a.d.decidedAt < b.d.decidedAt ? 1 : -1))
    .slice(0, MAX_DECISIONS)
    .map(({ d }) => ({
      kind: d.kind,
      body: d.body,
      decidedBy: clip(d.decidedBy.displayName, LIMITS.person),
      decidedAt: d.decidedAt,
      summary: clip(d.summary, LIMITS.decisionSummary),
    }));

  return {
    ...base,
    level: trusted.level,
    state: trusted.state,
    steering,
    ...(trusted.projectLeader
      ? { projectLeader: clip(trusted.projectLeader.displayName, LIMITS.person) }
      : {}),
    municipalities: [...trusted.municipalities].sort((a, b) => a.code.localeCompare(b.code)),
    ...(report
      ? {
          status: {
            date: report.date,
            rag: report.rag,
            progress: clip(report.progress, LIMITS.progress),
            budgetDkk: report.budgetDkk,
            spentDkk: report.spentDkk,
            forecastDkk: report.forecastDkk,
          },
        }
      : {}),
    ...(frame
      ? { frame: { amountDkk: frame.amountDkk, approved: effectiveFrameDkk(trusted) !== undefined } }
      : {}),
    requirements: requirementCounts(trusted, catalogue),
    decisions,
    ...(violations.length ? { ruleViolations: violations } : {}),
    ...(reportsAllowed(trusted.state)
      ? { reporting: reportingDuty(trusted.level, report?.date, input.cadence ?? DEFAULT_CADENCE) }
      : {}),
    revision: trusted.revision,
  };
}

/**
 * Content hash of a roll-up: sha256 over its canonical JSON, so key order never matters and any changed field
 * does. The worker skips every write when the hash equals the one already stored (design.md step 3).
 */
export function rollUpHash(rollUp: RollUp): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(rollUp))));
}
