/**
 * Resolver of the project page (jira:projectPage "OS2 governance").
 *
 * Functions (payloads parsed with zod; every payload may carry `locale`):
 * - `load` {} → the page: record, decision log, requirements by theme, the acting user's roles and next steps
 * - `register` { name } → the secretariat registers the project as an idea (revision 1)
 * - `admit` { input } → the secretariat admits an existing product at its level and state, with its earlier
 *   decisions imported as history (src/domain/admission.ts); N2/N3 approved/product then await the board's
 *   `confirmAdmission` transition
 * - `transition` { action, expectedRevision, input } → one step of the approval state machine
 *   (src/domain/approval.ts), refused with the rule's text when the actor may not take it
 * - `edit` { kind, expectedRevision, input } → project work without a decision (src/app/project-work.ts):
 *   answerRequirement, fileStatusReport, setSteeringGroup, setProjectLeader, setProjectOwner,
 *   setCoordinationGroup, setMunicipalities
 * - `topVoted` {} → the project's open feature requests with the most municipal votes (at most 10), by the
 *   indexed `os2-votes` property (team-contracts.md "Feature requests"), read as the user; a tally whose
 *   signature does not verify is left out
 * - `history` {} → the product's timeline (src/domain/history.ts): every stored revision field by field, every
 *   decision, every vote and pledge change, newest first, each line in the user's language
 *
 * The project comes from Forge's context (never from the payload); the actor from Jira (groups, permissions).
 * Saves are at the revision the user saw: a stale save is refused, nothing is overwritten.
 */
import { Resolver } from './forge-resolver';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { GovernanceRecordSchema, type GovernanceRecord } from '../domain/governance-record';
import * as approval from '../domain/approval';
import { admitExisting } from '../domain/admission';
import { approveBudget, setDevelopmentFrame } from '../domain/economy';
import { approveProjectDescription, electChair } from '../domain/group-decisions';
import { isClosed } from '../domain/approval-state';
import { withBoardRoster, withBoardRosterInput, type BoardRoster } from '../domain/board-roster';
import { recordRuleViolations } from '../domain/invariants';
import { loadBoardRoster } from '../app/board';
import { copenhagenDate, reportingStatus } from '../domain/reporting';
import { nextSteps } from '../domain/next-steps';
import type { TransitionOptions, TransitionResult } from '../domain/transition-kit';
import {
  catalogueRegistryOf,
  loadAllCatalogueVersions,
  loadCatalogueRegistry,
} from '../app/catalogue-versions';
import { findCatalogue, DEFAULT_CATALOGUE_ID } from '../domain/catalogue-registry';
import { itemsFor, requirementsFor } from '../domain/catalogue';
import { requirementStatus } from '../domain/requirements';
import { MUNICIPALITIES } from '../domain/municipalities';
import type { Actor } from '../domain/actor';
import type { Decision } from '../domain/decision';
import type { GovernanceRuleError } from '../domain/rule-error';
import { ruleError, ruleMessage, type GovernanceRuleCode } from '../domain/rule-error';
import { actingUser } from '../app/actor';
import { loadCatalogueId, loadReportingCadence, loadSecret } from '../app/config';
import { loadDecisions, loadGovernance, saveGovernance } from '../app/storage';
import { loadHistory } from '../app/history';
import type { Person } from '../domain/person';
import { searchPage } from '../jira/search';
import { userJira } from '../app/jira';
import { readVotesMirror, VOTES_PROPERTY } from '../mirror/votes-mirror';
import { municipalityByCode } from '../domain/municipalities';
import { FEATURE_REQUEST_TYPE } from './issue-panel';
import {
  afterGovernanceSave,
  startAfterSaveReads,
  type AfterSave,
  type AfterSaveReads,
} from '../app/governance-service';
import * as work from '../app/project-work';
import { projectLeaderDecision } from '../domain/organisation';
import { TooManyPeopleError, UnknownUserError, withJiraNames } from '../app/people';
import { resolver, projectIdOf, refuse, ruleRefusal, Refusal, type Request } from './common';
import { t, type Locale } from '../i18n/index';
import { withChangeWork } from './change-work';
import { withCatalogueWork } from './catalogue-work';
import type { ProjectPageData, Step, TopVotedData, TopVotedRequest } from '../shared/project-page-data';

// The answers' shapes are src/shared's: the page's UI bundle reads them without loading this module's imports.
export type {
  HistoryData,
  HistoryLine,
  ProjectPageData,
  Step,
  TopVotedData,
  TopVotedRequest,
} from '../shared/project-page-data';

const Revision = z.number().int().nonnegative();
const ActionSchema = z.enum(
  Object.keys(approval.TRANSITIONS) as [approval.TransitionName, ...approval.TransitionName[]],
);

const TRANSITION_FUNCTIONS: Record<
  approval.TransitionName,
  (
    record: GovernanceRecord,
    actor: Actor,
    input: never,
    now: string,
    id: string,
    options?: TransitionOptions,
  ) => TransitionResult
> = {
  placeOnLevel: approval.placeOnLevel,
  submitToBoard: approval.submitToBoard,
  recommendToBoard: approval.recommendToBoard,
  startImplementation: approval.startImplementation,
  approve: approval.approve,
  sendBack: approval.sendBack,
  loopBack: approval.loopBack,
  becomeProduct: approval.becomeProduct,
  retire: approval.retire,
  reject: approval.reject,
  changeLevel: approval.changeLevel,
  approveSteeringGroup: approval.approveSteeringGroup,
  appointSteeringGroup: approval.appointSteeringGroup,
  confirmAdmission: approval.confirmAdmission,
  approveBudget,
  electChair,
  approveProjectDescription,
  setDevelopmentFrame,
};

function ruleText(locale: Locale, code: GovernanceRuleCode): string {
  const m = ruleMessage(code);
  return locale === 'en' ? m.en : m.da;
}

/** The domain's next steps for this actor, each refused step with its rule in the user's language. */
export function stepsFor(record: GovernanceRecord, actor: Actor, locale: Locale): Step[] {
  return nextSteps(record, actor).map((s) =>
    s.allowed || !s.refusal
      ? {
          action: s.action,
          allowed: true,
          ...(s.approvesSteeringGroup ? { approvesSteeringGroup: true } : {}),
          ...(s.groupVotes ? { groupVotes: true } : {}),
        }
      : {
          action: s.action,
          allowed: false,
          rule: { code: s.refusal.code, message: ruleText(locale, s.refusal.code) },
        },
  );
}

/**
 * The stored record as the rules must see it: board membership of every group member from the board's Jira
 * group, never the stored flag (finding 1). The roster is returned to treat the input the same way.
 */
async function currentOrRefuse(
  req: Request<unknown>,
  projectId: string,
): Promise<{ record: GovernanceRecord; roster: BoardRoster }> {
  const [record, roster] = await Promise.all([loadGovernance(projectId), loadBoardRoster()]);
  if (!record) refuse(req.locale, 'NOT_GOVERNED', 'error.notGoverned');
  return { record: withBoardRoster(record, roster), roster };
}

/** Every rule the record breaks, in the user's language: shown on the page, never hidden (finding 2). */
function violationsOf(record: GovernanceRecord, locale: Locale) {
  return recordRuleViolations(record).map((code) => ({ code, message: ruleText(locale, code) }));
}

function staleRefusal(locale: Locale, expected: number, current: number): Refusal {
  return new Refusal({ code: 'STALE_REVISION', message: t(locale, 'error.stale', { expected, current }) });
}

/**
 * Saves and mirrors. With `loaded` (the action read the record at `expectedRevision` itself, and started the
 * follow-up reads with it), the save does not read the record again, and the mirror is written while the head
 * is updated: the committed revision is the save (src/app/storage.ts).
 */
async function save(
  req: Request<unknown>,
  projectId: string,
  expectedRevision: number,
  record: GovernanceRecord,
  decisions: Decision[],
  by: Person,
  loaded?: { reads: Promise<AfterSaveReads> },
) {
  let after: AfterSave | undefined;
  const result = await saveGovernance(projectId, expectedRevision, record, decisions, by, {
    loaded: loaded !== undefined,
    alongside: async (saved) => {
      after = await afterGovernanceSave(saved, req.context.siteUrl, {
        ...(loaded ? { reads: loaded.reads } : {}),
        added: decisions,
      });
    },
  });
  if (!result.ok) throw staleRefusal(req.locale, expectedRevision, result.current?.revision ?? 0);
  return { record: result.record, decisions, ...after! };
}

async function loadPage(req: Request<unknown>): Promise<ProjectPageData> {
  const projectId = projectIdOf(req);
  const [stored, user, roster] = await Promise.all([
    loadGovernance(projectId),
    actingUser({ projectId }),
    loadBoardRoster(),
  ]);
  const record = stored ? withBoardRoster(stored, roster) : undefined;
  const decisions = record ? await loadDecisions(projectId) : [];
  const catalogueId = record?.catalogue ?? (await loadCatalogueId()) ?? DEFAULT_CATALOGUE_ID;
  // With the board's versions (finding 5): an item the board added is on the list of the levels it applies to.
  const catalogue = findCatalogue(catalogueId, await loadCatalogueRegistry());
  const requirements =
    record && catalogue
      ? (['relevance', 'formal', 'governance', 'strategic_fit'] as const).map((theme) => ({
          theme,
          items: requirementsFor(catalogue, record.level)
            .filter((r) => r.theme === theme)
            .map((r) => ({
              id: r.id,
              level: r.level,
              text: req.locale === 'en' ? r.en : r.da,
              answer: record.requirements[r.id] ?? { status: 'open' as const },
              /** As it counts: a checked requirement is read from the record, whatever was answered. */
              status: requirementStatus(record, r),
              checked: r.check !== undefined,
            })),
          /** What the level allows rather than requires (catalogue `permission`): shown, not answered. */
          permissions: itemsFor(catalogue, record.level)
            .filter((r) => r.theme === theme && r.kind === 'permission')
            .map((r) => ({ id: r.id, text: req.locale === 'en' ? r.en : r.da })),
        }))
      : [];
  const actor = user.actor;
  const isSecretariat = actor.roles.includes('secretariat');
  const canEdit = isSecretariat || actor.roles.includes('project_admin');
  return {
    project: { id: projectId, key: req.context.extension?.project?.key },
    record: record ?? null,
    decisions: [...decisions].reverse(),
    catalogue: catalogue
      ? { id: catalogue.id, title: req.locale === 'en' ? catalogue.title.en : catalogue.title.da }
      : null,
    requirements,
    actor: { accountId: actor.accountId, displayName: actor.displayName, roles: actor.roles },
    // The groups' own decisions (chair, project description, frame) have their own section (GroupDecisions).
    steps: record ? stepsFor(record, actor, req.locale).filter((s) => !GROUP_STEPS.has(s.action)) : [],
    groupSteps: record ? stepsFor(record, actor, req.locale).filter((s) => GROUP_STEPS.has(s.action)) : [],
    violations: record ? violationsOf(record, req.locale) : [],
    /** Due, overdue, stale and overrun, by the level's cadence, on today's date in Copenhagen (finding 8). */
    reporting: record
      ? reportingStatus(record, copenhagenDate(new Date().toISOString()), await loadReportingCadence())
      : null,
    can: {
      register: !record && isSecretariat,
      admit: !record && isSecretariat,
      editOrganisation: Boolean(record) && canEdit && !(record && isClosed(record.state)),
      answerRequirements: Boolean(record) && canEdit && !(record && isClosed(record.state)),
      /** "Valg af projektleder" is the steering group's; without one the project sets itself up (organisation.ts). */
      chooseProjectLeader:
        Boolean(record) && !(record && isClosed(record.state)) && choosesLeader(record, actor),
      /** A running N2 group's member proposes its changes; the board approves them (organisation.ts). */
      proposeSteeringChange:
        record?.level === 'N2' &&
        (record.state === 'approved' || record.state === 'product') &&
        (record.steeringGroup?.members.some((m) => m.person.accountId === actor.accountId) ?? false),
      fileStatusReport:
        Boolean(record) && canEdit && (record?.state === 'approved' || record?.state === 'product'),
    },
    municipalities: MUNICIPALITIES,
  };
}

const personOf = (a: Actor): Person => ({ accountId: a.accountId, displayName: a.displayName });

const GROUP_STEPS = new Set<approval.TransitionName>([
  'electChair',
  'approveProjectDescription',
  'setDevelopmentFrame',
]);

function choosesLeader(record: GovernanceRecord | undefined, actor: Actor): boolean {
  if (!record) return false;
  const group = record.steeringGroup;
  if (group && group.members.length > 0)
    return group.members.some((m) => m.person.accountId === actor.accountId);
  return (
    actor.roles.includes('secretariat') ||
    actor.roles.includes('project_admin') ||
    record.projectOwner?.accountId === actor.accountId
  );
}

// The timeline is built in src/app/history.ts, shared with the portfolio page's app-data web trigger.
export { loadHistory };

/** The JQL of the project page's top voted list: exactly the contract's query, which the docs' filters build on. */
export function topVotedJql(projectId: string): string {
  return `project = ${projectId} AND issuetype = "${FEATURE_REQUEST_TYPE}" AND statusCategory != Done AND issue.property[${VOTES_PROPERTY}].count > 0 ORDER BY issue.property[${VOTES_PROPERTY}].count DESC`;
}

export async function loadTopVoted(projectId: string): Promise<TopVotedData> {
  const jql = topVotedJql(projectId);
  const secret = await loadSecret();
  // Without the secret no tally can be verified; an unverified count is exactly what the signature guards against.
  if (!secret) return { configured: false, jql, requests: [] };
  const page = await searchPage(userJira(), jql, {
    fields: ['summary'],
    properties: [VOTES_PROPERTY],
    maxResults: 10,
  });
  const requests: TopVotedRequest[] = [];
  for (const issue of page.issues) {
    // Bound to this very issue: a tally copied from another request does not verify.
    const tally = readVotesMirror(issue.properties[VOTES_PROPERTY], secret, { projectId, issueId: issue.id });
    if (!tally || tally.count === 0) continue;
    requests.push({
      key: issue.key,
      summary: String(issue.fields.summary ?? ''),
      votes: tally.count,
      municipalities: tally.municipalities.map((c) => municipalityByCode(c)?.name ?? c),
      coFinanceWilling: tally.coFinanceWilling,
      coFinanceTotalDkk: tally.coFinanceTotalDkk,
    });
  }
  return { configured: true, jql, requests };
}
export type SaveAnswer = Awaited<ReturnType<typeof save>>;

export const projectPageResolver = new Resolver()
  .define(
    'load',
    resolver(z.object({ locale: z.string().optional() }), (req) => loadPage(req)),
  )
  .define(
    'topVoted',
    resolver(z.object({ locale: z.string().optional() }), (req) => loadTopVoted(projectIdOf(req))),
  )
  .define(
    'history',
    resolver(z.object({ locale: z.string().optional() }), async (req) => {
      const projectId = projectIdOf(req);
      if (!(await loadGovernance(projectId))) refuse(req.locale, 'NOT_GOVERNED', 'error.notGoverned');
      return loadHistory(projectId, req.locale);
    }),
  )
  .define(
    'register',
    resolver(
      z.object({ locale: z.string().optional(), name: z.string().trim().min(1).max(255) }),
      async (req) => {
        const projectId = projectIdOf(req);
        const user = await actingUser({ projectId });
        if (!user.actor.roles.includes('secretariat'))
          refuse(req.locale, 'ONLY_SECRETARIAT', 'error.onlySecretariatRegisters');
        if (await loadGovernance(projectId)) refuse(req.locale, 'ALREADY_GOVERNED', 'error.alreadyGoverned');
        const key = req.context.extension?.project?.key;
        const now = new Date().toISOString();
        const record = GovernanceRecordSchema.parse({
          name: req.payload.name,
          project: { id: projectId, key },
          level: 'N1',
          state: 'idea',
          catalogue: (await loadCatalogueId()) ?? DEFAULT_CATALOGUE_ID,
          municipalities: [],
          requirements: {},
          statusReports: [],
          revision: 1,
          updatedAt: now,
        });
        return save(req, projectId, 0, record, [], personOf(user.actor));
      },
    ),
  )
  .define(
    'admit',
    resolver(
      z.object({ locale: z.string().optional(), input: z.record(z.string(), z.unknown()) }),
      async (req) => {
        const projectId = projectIdOf(req);
        const user = await actingUser({ projectId });
        // Refused before anyone's name is looked up in Jira; the domain checks the same rule again.
        if (!user.actor.roles.includes('secretariat'))
          throw ruleRefusal(req.locale, ruleError('ONLY_SECRETARIAT_ADMITS'));
        if (await loadGovernance(projectId)) refuse(req.locale, 'ALREADY_GOVERNED', 'error.alreadyGoverned');
        let input: unknown;
        try {
          // People (steering, coordination, leader, owner) get Jira's names; the project is Forge's, not the payload's.
          input = withBoardRosterInput(
            await withJiraNames({
              ...req.payload.input,
              project: { id: projectId, key: req.context.extension?.project?.key },
            }),
            await loadBoardRoster(),
          );
        } catch (e) {
          if (e instanceof UnknownUserError)
            refuse(req.locale, 'UNKNOWN_USER', 'error.unknownUser', { accountId: e.accountId });
          throw e;
        }
        const catalogue = (await loadCatalogueId()) ?? DEFAULT_CATALOGUE_ID;
        const result = admitExisting(
          user.actor,
          { catalogue, ...(input as object) } as never,
          new Date().toISOString(),
          randomUUID(),
          { catalogues: await loadCatalogueRegistry() },
        );
        if (!result.ok) throw ruleRefusal(req.locale, result.error);
        return save(req, projectId, 0, result.record, result.decisions, personOf(user.actor));
      },
    ),
  )
  .define(
    'transition',
    resolver(
      z.object({
        locale: z.string().optional(),
        action: ActionSchema,
        expectedRevision: Revision,
        input: z.unknown().default({}),
      }),
      async (req) => {
        const projectId = projectIdOf(req);
        // The board's catalogue versions are read once, with everything else, for the rules and the mirror.
        const versions = loadAllCatalogueVersions();
        versions.catch(() => undefined);
        const reads = startAfterSaveReads(projectId, req.context.siteUrl, versions);
        const [{ record, roster }, user] = await Promise.all([
          currentOrRefuse(req, projectId),
          actingUser({ projectId }),
        ]);
        if (record.revision !== req.payload.expectedRevision) {
          throw staleRefusal(req.locale, req.payload.expectedRevision, record.revision);
        }
        const fn = TRANSITION_FUNCTIONS[req.payload.action];
        const result = fn(
          record,
          user.actor,
          withBoardRosterInput(req.payload.input, roster) as never,
          new Date().toISOString(),
          randomUUID(),
          { catalogues: catalogueRegistryOf(await versions) },
        );
        if (!result.ok) throw ruleRefusal(req.locale, result.error);
        return save(req, projectId, record.revision, result.record, [result.decision], personOf(user.actor), {
          reads,
        });
      },
    ),
  )
  .define(
    'edit',
    resolver(
      z.object({
        locale: z.string().optional(),
        kind: z.enum(work.EDIT_KINDS),
        expectedRevision: Revision,
        input: z.unknown(),
      }),
      async (req) => {
        const projectId = projectIdOf(req);
        // The board's catalogue versions are read once, with everything else, for the rules and the mirror.
        const versions = loadAllCatalogueVersions();
        versions.catch(() => undefined);
        const reads = startAfterSaveReads(projectId, req.context.siteUrl, versions);
        const [{ record, roster }, user] = await Promise.all([
          currentOrRefuse(req, projectId),
          actingUser({ projectId }),
        ]);
        if (record.revision !== req.payload.expectedRevision) {
          throw staleRefusal(req.locale, req.payload.expectedRevision, record.revision);
        }
        const now = new Date().toISOString();
        // The rules first, on the payload as sent (issue 13, item 9): who may not make this edit, or sends an
        // input the domain refuses (its zod schemas bound size and depth), is refused before a single user is
        // looked up as the app, and gets the same answer whether the accounts it names exist or not. Board
        // membership is read from the board group in Jira (issue 14), already loaded with the record, so the
        // rules see it here too: a board member is not refused as a non-participating steering member, nor an N3
        // coordination group as lacking its board member. That takes no user lookup.
        let asSent: unknown;
        try {
          asSent = withBoardRosterInput(req.payload.input, roster);
        } catch (e) {
          if (e instanceof RangeError) throw ruleRefusal(req.locale, ruleError('INVALID_INPUT'));
          throw e;
        }
        const options = { catalogues: catalogueRegistryOf(await versions) };
        const allowed = work.edit(req.payload.kind, record, user.actor, asSent, now, options);
        if (!allowed.ok) throw ruleRefusal(req.locale, allowed.error as GovernanceRuleError);
        let input: unknown;
        try {
          input = withBoardRosterInput(await withJiraNames(req.payload.input), roster);
        } catch (e) {
          if (e instanceof UnknownUserError)
            refuse(req.locale, 'UNKNOWN_USER', 'error.unknownUser', { accountId: e.accountId });
          if (e instanceof TooManyPeopleError) throw ruleRefusal(req.locale, ruleError('INVALID_INPUT'));
          throw e;
        }
        const result = work.edit(req.payload.kind, record, user.actor, input, now, options);
        if (!result.ok) throw ruleRefusal(req.locale, result.error as GovernanceRuleError);
        // The choice of project leader is the steering group's decision and goes to the log with its body.
        const leaderDecision =
          req.payload.kind === 'setProjectLeader' &&
          result.record.projectLeader?.accountId !== record.projectLeader?.accountId
            ? projectLeaderDecision(record, result.record, user.actor, now, randomUUID())
            : undefined;
        const decisions = leaderDecision ? [leaderDecision] : [];
        return save(req, projectId, record.revision, result.record, decisions, personOf(user.actor), {
          reads,
        });
      },
    ),
  );

// Working groups, the priority order and published outcomes (finding 9): src/resolvers/change-work.ts.
export const projectPage = withCatalogueWork(withChangeWork(projectPageResolver)).getDefinitions();
