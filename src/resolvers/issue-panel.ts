/**
 * Resolver of the issue panel (jira:issuePanel) and the issue context panel (jira:issueContext, the compact vote count).
 *
 * Functions (payloads parsed with zod; each may carry `locale`):
 * - `load` {} → votes of the issue (feature requests), the user's municipalities and their votes, polls with
 *   results, the change-request assessment, what the user may do
 * - `glance` {} → { count } for the glance
 * - `vote` { municipality?, coFinance } → cast or change the vote of a municipality the user is a member of
 * - `withdraw` { municipality? } → withdraw it
 * - `openPoll` { question, alternatives[], deadline, eligible?, multiple? } → secretariat only (any issue); asked
 *   municipalities only (all when `eligible` is left out), one alternative or several (`multiple`)
 * - `answerPoll` { pollId, option | options[], coFinance, municipality? } → one answer per municipality, changeable
 *   while open
 * - `closePoll` { pollId } → secretariat, after the deadline; the result goes to the project's decision log
 * - `changeRequest` { action, input } → one step of the change-request process of seed 001 (submit, decideSmall,
 *   assignWorkingGroup, assess, prioritise, reject, specify, recordEstimate, recommend, referToBoard, decideLarge,
 *   publish), by the domain's rules (src/domain/change-request.ts); a decision goes to the project's log. A
 *   financing decision (referToBoard, decideLarge) logs the municipalities' co-financing pledges from the votes
 *
 * Votes are stored one key per (issue, municipality), with the history entry in the same transaction; then the
 * signed `os2-votes` mirror is written and a change event is queued (src/app/governance-service.ts). Who may vote is decided here from the user's Jira groups and the directory.
 */
import { endOfCopenhagenDay } from '../domain/danish-time';
import { Resolver } from './forge-resolver';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CoFinanceSchema, type Vote } from '../domain/vote';
import { KommunekodeSchema, type Municipality } from '../domain/municipality';
import { ruleError } from '../domain/rule-error';
import {
  castVote,
  changeVote,
  eligibleMunicipalities,
  tally,
  withdrawVote,
  type VoteBook,
} from '../domain/voting';
import { answerPoll, closePoll, isPollOpen, openPoll, pollResult } from '../domain/poll';
import { effectiveFrameDkk } from '../domain/economy';
import { MUNICIPALITIES } from '../domain/municipalities';
import { actingUser, type ActingUser } from '../app/actor';
import { loadDirectory, loadVotingSettings } from '../app/config';
import { userJira } from '../app/jira';
import { getIssueBasics, type IssueBasics } from '../jira/issues';
import {
  appendDecision,
  appendVoteEvent,
  deleteVote,
  loadGovernance,
  loadVotes,
  putVoteWithEvent,
} from '../app/storage';
import type { VoteEvent } from '../domain/history';
import { afterGovernanceSave, startVoteReads, syncVotesMirror } from '../app/governance-service';
import { loadPoll, loadPolls, saveAnswer, savePoll, withAnswers, type StoredPoll } from '../app/polls';
import {
  ChangeRequestActionSchema,
  loadChangeRequest,
  runChangeRequestAction,
  saveChangeRequest,
} from '../app/change-requests';
import { changeRequestContext, placeInOrder, prepareChangeRequestAction } from '../app/working-groups';
import { resolver, issueOf, refuse, ruleRefusal, Refusal, type Request } from './common';
import { t, type Locale } from '../i18n/index';
import type { IssuePanelData } from '../shared/issue-panel-data';

// The answer's shape is src/shared's: the panel's UI bundle reads it without loading this module's imports.
export type { IssuePanelData } from '../shared/issue-panel-data';

/** team-contracts.md "Feature requests": the OS2 standard feature request. */
export const FEATURE_REQUEST_TYPE = 'Udviklingsønske';

const L = { locale: z.string().optional() };

/**
 * Records a vote change for the product's history. The vote itself is already stored: a failure here is
 * logged and never undoes or refuses the vote (the history is a record of it, not its source of truth).
 */
async function logVote(projectId: string, event: VoteEvent): Promise<void> {
  try {
    await appendVoteEvent(projectId, event);
  } catch (e) {
    console.error('[os2] could not record the vote in the history', e);
  }
}

/** The issue as the user sees it in Jira (a 404 means the user may not see it). */
async function visibleIssue(req: Request<unknown>): Promise<IssueBasics> {
  const ref = issueOf(req);
  const issue = await getIssueBasics(userJira(), ref.id);
  if (!issue) refuse(req.locale, 'NOT_FOUND', 'error.notFound');
  return issue;
}

/**
 * The municipality the user acts for: the one named, or their only one. Whether they may act for it is the
 * domain's decision (castVote, withdrawVote, answerPoll check group membership and eligibility).
 */
function municipalityFor(locale: Locale, user: ActingUser, code: string | undefined): string {
  if (code !== undefined) return code;
  if (user.municipalities.length === 0) throw ruleRefusal(locale, ruleError('NOT_IN_MUNICIPALITY_GROUP'));
  if (user.municipalities.length > 1) refuse(locale, 'PICK_MUNICIPALITY', 'error.pickMunicipality');
  return user.municipalities[0]!.code;
}

async function names(): Promise<Map<string, string>> {
  const dir = await loadDirectory();
  return new Map(dir.map((e) => [e.municipality.code, e.municipality.name]));
}

const book = (votes: readonly Vote[]): VoteBook => Object.fromEntries(votes.map((v) => [v.municipality, v]));

async function eligibleFor(projectId: string): Promise<string[]> {
  const [record, settings] = await Promise.all([loadGovernance(projectId), loadVotingSettings()]);
  return eligibleMunicipalities(record ?? { municipalities: [] }, { eligibility: settings.eligibility });
}

async function pollView(stored: StoredPoll, now: string) {
  const poll = await withAnswers(stored.poll);
  return { ...poll, open: isPollOpen(poll, now), result: pollResult(poll) };
}

/** What the municipalities pledged on the request: the votes willing to co-finance, and their amounts. */
function pledgesOf(votes: readonly Vote[]) {
  const t = tally(votes);
  return { willing: t.coFinanceWilling, totalDkk: t.coFinanceTotalDkk };
}

async function loadPanel(req: Request<unknown>): Promise<IssuePanelData> {
  // As in `vote`: Forge's context names the issue and its project, so every read starts at once (one round trip
  // instead of three); nothing read is answered unless Jira shows the user that issue, in that project.
  const ref = issueOf(req);
  const [issue, user, storedVotes, polls, storedRequest, directoryNames, eligible, product] =
    await Promise.all([
      visibleIssue(req),
      actingUser({ projectId: ref.projectId }),
      loadVotes(ref.id),
      loadPolls(ref.id),
      loadChangeRequest(ref.id),
      names(),
      eligibleFor(ref.projectId),
      // The product's development frame, shown with a change request's financing.
      loadGovernance(ref.projectId),
    ]);
  if (issue.id !== ref.id || issue.projectId !== ref.projectId)
    refuse(req.locale, 'NOT_FOUND', 'error.notFound');
  const isFeatureRequest = issue.issueTypeName === FEATURE_REQUEST_TYPE;
  const now = new Date().toISOString();
  // Votes and assessments belong to feature requests only.
  const votes = isFeatureRequest ? storedVotes : [];
  const changeRequest = isFeatureRequest ? storedRequest : undefined;
  const byCode = new Map(votes.map((v) => [v.municipality, v]));
  const mine = user.municipalities.map((m: Municipality) => ({
    ...m,
    eligible: eligible.includes(m.code),
    vote: byCode.get(m.code) ?? null,
  }));
  return {
    issue: { id: issue.id, key: issue.key, summary: issue.summary, isFeatureRequest },
    tally: tally(votes),
    votes: votes
      .map((v) => ({ ...v, municipalityName: directoryNames.get(v.municipality) ?? v.municipality }))
      .sort((a, b) => a.municipalityName.localeCompare(b.municipalityName, 'da')),
    myMunicipalities: mine,
    canVote: isFeatureRequest && mine.some((m) => m.eligible),
    isSecretariat: user.actor.roles.includes('secretariat'),
    canAssess: isFeatureRequest,
    polls: await Promise.all(polls.map((p) => pollView(p, now))),
    changeRequest: changeRequest ?? null,
    /** The product's working groups to assign to, and the request's place in the priority order (finding 9). */
    ...(isFeatureRequest
      ? await changeRequestContext(issue, changeRequest)
      : { workingGroups: [], place: null }),
    /** The product's approved development frame, which a change request's financing is checked against. */
    frameDkk: effectiveFrameDkk(product) ?? null,
    /** Every municipality on the directory, for the secretariat to choose who may answer a poll. */
    allMunicipalities: MUNICIPALITIES.map((m) => ({ code: m.code, name: m.name })),
  };
}

async function requireFeatureRequest(req: Request<unknown>): Promise<IssueBasics> {
  const issue = await visibleIssue(req);
  if (issue.issueTypeName !== FEATURE_REQUEST_TYPE)
    refuse(req.locale, 'NOT_FEATURE_REQUEST', 'error.notFeatureRequest');
  return issue;
}

export const issuePanelResolver = new Resolver()
  .define(
    'load',
    resolver(z.object(L), (req) => loadPanel(req)),
  )
  .define(
    'glance',
    resolver(z.object(L), async (req) => {
      const issue = await visibleIssue(req);
      return { count: issue.issueTypeName === FEATURE_REQUEST_TYPE ? (await loadVotes(issue.id)).length : 0 };
    }),
  )
  .define(
    'vote',
    resolver(
      z.object({ ...L, municipality: KommunekodeSchema.optional(), coFinance: CoFinanceSchema }),
      async (req) => {
        // Forge's context names the issue and its project, so every read starts at once (one round trip); the
        // issue as Jira shows it to the user must then agree with the context before anything is written.
        const ref = issueOf(req);
        // The mirror's secret and the site URL too, so nothing after the write waits for a read it could have had.
        const reads = startVoteReads(req.context.siteUrl);
        const [issue, user, votes, eligible] = await Promise.all([
          requireFeatureRequest(req),
          actingUser({ projectId: ref.projectId }),
          loadVotes(ref.id),
          eligibleFor(ref.projectId),
        ]);
        if (issue.id !== ref.id || issue.projectId !== ref.projectId)
          refuse(req.locale, 'NOT_FOUND', 'error.notFound');
        const municipality = municipalityFor(req.locale, user, req.payload.municipality);
        const input = { issueId: issue.id, municipality, coFinance: req.payload.coFinance };
        const now = new Date().toISOString();
        const current = book(votes);
        const result =
          municipality in current
            ? changeVote(current, user.actor, input, eligible, now)
            : castVote(current, user.actor, input, eligible, now);
        if (!result.ok) throw ruleRefusal(req.locale, result.error);
        const previous = current[municipality]?.coFinance;
        // The vote and its history entry in one transaction (one round trip, all or nothing).
        await putVoteWithEvent(result.vote!, issue.projectId, {
          issueId: issue.id,
          ...(issue.key ? { issueKey: issue.key } : {}),
          municipality,
          action: previous ? 'change' : 'cast',
          coFinance: result.vote!.coFinance,
          ...(previous ? { previous } : {}),
          by: { accountId: user.actor.accountId, displayName: user.actor.displayName },
          at: now,
        });
        // The votes as stored now, from what was read and written here; a vote another user cast meanwhile is
        // caught by syncVotesMirror's re-read after the mirror write.
        // In storage's key order (as a re-read returns them), so the re-check compares like with like.
        const stored = [...votes.filter((v) => v.municipality !== municipality), result.vote!].sort((a, b) =>
          a.municipality < b.municipality ? -1 : a.municipality > b.municipality ? 1 : 0,
        );
        const after = await syncVotesMirror(issue.id, issue.projectId, req.context.siteUrl, tally, {
          votes: stored,
          reads,
        });
        return { vote: result.vote!, ...after };
      },
    ),
  )
  .define(
    'withdraw',
    resolver(z.object({ ...L, municipality: KommunekodeSchema.optional() }), async (req) => {
      const issue = await requireFeatureRequest(req);
      const user = await actingUser({ projectId: issue.projectId });
      const municipality = municipalityFor(req.locale, user, req.payload.municipality);
      const before = book(await loadVotes(issue.id));
      const result = withdrawVote(before, user.actor, { municipality });
      if (!result.ok) throw ruleRefusal(req.locale, result.error);
      await deleteVote(issue.id, municipality);
      const previous = before[municipality]?.coFinance;
      await logVote(issue.projectId, {
        issueId: issue.id,
        ...(issue.key ? { issueKey: issue.key } : {}),
        municipality,
        action: 'withdraw',
        ...(previous ? { previous } : {}),
        by: { accountId: user.actor.accountId, displayName: user.actor.displayName },
        at: new Date().toISOString(),
      });
      return syncVotesMirror(issue.id, issue.projectId, req.context.siteUrl, tally);
    }),
  )
  .define(
    'openPoll',
    resolver(
      z.object({
        ...L,
        question: z.string().max(1000),
        alternatives: z.array(z.string().max(255)).max(20),
        // Not z.iso.date(): webpack 5.113 (what npm may give the Forge CLI) bundles it as z.date(); see docs/forge-app.md.
        deadline: z.iso.datetime({ offset: true }).or(z.string().date()),
        /** The municipalities asked (kommunekoder); only they may answer. All when left out. */
        eligible: z.array(KommunekodeSchema).max(98).optional(),
        /** Whether a municipality may choose several alternatives (seed 000: "og/eller"). */
        multiple: z.boolean().optional(),
      }),
      async (req) => {
        const issue = await visibleIssue(req);
        const user = await actingUser({ projectId: issue.projectId });
        const raw = req.payload.deadline;
        // A date is a Danish day: the poll closes when that day ends in Copenhagen (issue 14 finding 10).
        const deadline = /^\d{4}-\d{2}-\d{2}$/.test(raw)
          ? endOfCopenhagenDay(raw)
          : new Date(raw).toISOString();
        const result = openPoll(
          user.actor,
          {
            id: randomUUID(),
            question: req.payload.question,
            alternatives: req.payload.alternatives.filter((a) => a.trim()),
            deadline,
            ...(req.payload.eligible ? { eligible: req.payload.eligible } : {}),
            ...(req.payload.multiple ? { multiple: true } : {}),
          },
          new Date().toISOString(),
        );
        if (!result.ok) throw ruleRefusal(req.locale, result.error);
        await savePoll({ issueId: issue.id, projectId: issue.projectId, poll: result.poll });
        return result.poll;
      },
    ),
  )
  .define(
    'answerPoll',
    resolver(
      z.object({
        ...L,
        pollId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/), // a Forge storage key part (UUID)
        option: z.string().min(1).max(32).optional(),
        /** Several alternatives, on a poll that allows them. */
        options: z.array(z.string().min(1).max(32)).min(1).max(10).optional(),
        coFinance: CoFinanceSchema,
        municipality: KommunekodeSchema.optional(),
      }),
      async (req) => {
        const issue = await visibleIssue(req);
        const stored = await loadPoll(issue.id, req.payload.pollId);
        if (!stored) refuse(req.locale, 'POLL_NOT_FOUND', 'error.pollNotFound');
        const user = await actingUser({ projectId: issue.projectId });
        const municipality = municipalityFor(req.locale, user, req.payload.municipality);
        const result = answerPoll(
          stored.poll,
          user.actor,
          {
            municipality,
            ...(req.payload.option !== undefined ? { option: req.payload.option } : {}),
            ...(req.payload.options !== undefined ? { options: req.payload.options } : {}),
            coFinance: req.payload.coFinance,
          },
          new Date().toISOString(),
        );
        if (!result.ok) throw ruleRefusal(req.locale, result.error);
        const answer = result.poll.answers[municipality]!;
        await saveAnswer(stored.poll.id, answer);
        return answer;
      },
    ),
  )
  .define(
    'closePoll',
    resolver(z.object({ ...L, pollId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) }), async (req) => {
      const issue = await visibleIssue(req);
      const user = await actingUser({ projectId: issue.projectId });
      const stored = await loadPoll(issue.id, req.payload.pollId);
      if (!stored) refuse(req.locale, 'POLL_NOT_FOUND', 'error.pollNotFound');
      const result = closePoll(
        await withAnswers(stored.poll),
        user.actor,
        new Date().toISOString(),
        randomUUID(),
      );
      if (!result.ok) throw ruleRefusal(req.locale, result.error);
      await savePoll({ ...stored, poll: result.poll });
      await appendDecision(issue.projectId, {
        ...result.decision,
        summary: `${issue.key}: ${result.decision.summary}`.slice(0, 2000),
      });
      const record = await loadGovernance(issue.projectId);
      const after = record ? await afterGovernanceSave(record, req.context.siteUrl) : undefined;
      return {
        poll: result.poll,
        result: result.result,
        decision: result.decision,
        mirrored: after?.mirrored ?? false,
      };
    }),
  )
  .define(
    'changeRequest',
    resolver(
      z.object({
        ...L,
        action: ChangeRequestActionSchema,
        input: z.unknown().default({}),
        /** The request's revision the user saw (0 when there was none): a stale action is refused. */
        expectedRevision: z.number().int().nonnegative(),
      }),
      async (req) => {
        const issue = await requireFeatureRequest(req);
        const [user, product, current, votes] = await Promise.all([
          actingUser({ projectId: issue.projectId }),
          loadGovernance(issue.projectId),
          loadChangeRequest(issue.id),
          loadVotes(issue.id),
        ]);
        const stale = (now: number) =>
          new Refusal({
            code: 'STALE_REVISION',
            message: t(req.locale, 'error.stale', { expected: req.payload.expectedRevision, current: now }),
          });
        if ((current?.revision ?? 0) !== req.payload.expectedRevision) throw stale(current?.revision ?? 0);
        // Working groups and the priority order (finding 9): the group's current convenor, `{ groupId }`, places.
        const prepared = await prepareChangeRequestAction({
          action: req.payload.action,
          current,
          input: req.payload.input,
          projectId: issue.projectId,
          issueId: issue.id,
          issueKey: issue.key,
        });
        if (!prepared.ok) throw ruleRefusal(req.locale, prepared.error);
        const input =
          req.payload.action === 'submit'
            ? { title: issue.summary, ...(req.payload.input as object) }
            : prepared.input;
        const result = runChangeRequestAction({
          action: req.payload.action,
          current: prepared.current,
          actor: user.actor,
          input,
          product,
          issueKey: issue.key,
          now: new Date().toISOString(),
          pledges: pledgesOf(votes),
        });
        if (!result.ok) {
          if ('missing' in result) throw ruleRefusal(req.locale, ruleError('ILLEGAL_TRANSITION'));
          throw ruleRefusal(req.locale, result.error);
        }
        const saved = await saveChangeRequest(issue.id, result.request, req.payload.expectedRevision);
        // Lost a race at the same revision: nothing was written, no decision is logged.
        if (!saved.ok) throw stale(saved.current?.revision ?? 0);
        if (req.payload.action === 'prioritise') await placeInOrder(issue.projectId, issue.id, saved.request);
        if (result.decision) {
          await appendDecision(issue.projectId, result.decision);
          if (product) await afterGovernanceSave(product, req.context.siteUrl);
        }
        return { request: saved.request, decision: result.decision ?? null };
      },
    ),
  );

export const issuePanel = issuePanelResolver.getDefinitions();
