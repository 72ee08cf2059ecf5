/**
 * The board meeting in the app (issue 15 item 4): the agenda from Forge storage (every governed record, every
 * change request, the meeting plan), and the recording of a meeting's decisions in one go. Each decision goes
 * through the domain (src/domain/board-agenda.ts → the transition for it) and is saved at the product's revision
 * as any other save is; one that is refused or stale is reported on its own line and the others are still saved.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ChangeRequestSchema, type ChangeRequest } from '../domain/change-request';
import {
  applyMeetingChangeRequest,
  applyMeetingDecision,
  boardAgenda,
  MeetingPlanSchema,
  type BoardAgenda,
  type MeetingDecision,
  type MeetingPlan,
  type RecordMeetingInput,
} from '../domain/board-agenda';
import { withBoardRoster, type BoardRoster } from '../domain/board-roster';
import { copenhagenDate } from '../domain/reporting';
import type { Actor } from '../domain/actor';
import type { GovernanceRecord } from '../domain/governance-record';
import type { GovernanceRuleError } from '../domain/rule-error';
import { loadAllRecords } from './lists';
import { loadChangeRequest, saveChangeRequest } from './change-requests';
import { loadReportingCadence } from './config';
import { afterGovernanceSave } from './governance-service';
import { appendDecision, getJson, loadGovernance, putJson, queryAll, saveGovernance } from './storage';

export const MEETING_PLAN_KEY = 'meeting:next';
const CR_HEAD_KEY = /^cr:(\d+)$/;

export async function loadMeetingPlan(): Promise<MeetingPlan> {
  return (await getJson(MEETING_PLAN_KEY, MeetingPlanSchema)) ?? { levelProposals: [] };
}

export async function saveMeetingPlan(plan: MeetingPlan): Promise<void> {
  await putJson(MEETING_PLAN_KEY, MeetingPlanSchema, plan);
}

/** Every change request head with the id of its issue (commits `cr:<id>:rev:<n>` share the prefix and are skipped). */
export async function loadAllChangeRequests(): Promise<{ issueId: string; request: ChangeRequest }[]> {
  const rows = await queryAll<unknown>('cr:');
  const out: { issueId: string; request: ChangeRequest }[] = [];
  for (const row of rows) {
    const m = CR_HEAD_KEY.exec(row.key);
    if (!m) continue;
    const cr = ChangeRequestSchema.safeParse(row.value);
    if (cr.success) out.push({ issueId: m[1]!, request: cr.data });
  }
  return out;
}

/** The agenda of the next meeting, as of `now`; board membership from the board's Jira group, as the rules see it. */
export async function loadAgenda(now: string, roster: BoardRoster): Promise<BoardAgenda> {
  const [records, changeRequests, plan, cadence] = await Promise.all([
    loadAllRecords(),
    loadAllChangeRequests(),
    loadMeetingPlan(),
    loadReportingCadence(),
  ]);
  return boardAgenda({
    records: records.map((r) => withBoardRoster(r, roster)),
    changeRequests,
    plan,
    today: copenhagenDate(now),
    cadence,
  });
}

/** What became of one decision of the meeting, in the order sent. */
export type MeetingOutcome =
  | { index: number; ok: true; projectId: string; decisionId: string; revision: number }
  | {
      index: number;
      ok: false;
      /** A rule of the domain (GovernanceRuleError), or STALE_REVISION / NOT_GOVERNED / NOT_FOUND / NOT_REACHED / INTERNAL. */
      error: { code: string; rule?: GovernanceRuleError; current?: number };
    };

/**
 * Records the decisions in the order given. Several decisions on one product (a level change and an approval,
 * say) were all chosen on the agenda's revision: each after the first is taken at the revision this meeting's
 * own previous save left, and refused as stale only if someone else saved in between.
 */
export async function recordMeeting(
  actor: Actor,
  input: RecordMeetingInput,
  roster: BoardRoster,
  siteUrl: string | undefined,
  now: () => string = () => new Date().toISOString(),
  deadlineMs = Number.POSITIVE_INFINITY,
): Promise<MeetingOutcome[]> {
  const outcomes: MeetingOutcome[] = [];
  // Every record once per meeting, for the change requests' products (a meeting may decide many requests).
  let allRecords: Promise<GovernanceRecord[]> | undefined;
  const records = () => (allRecords ??= loadAllRecords());
  /** Per product: the agenda revision the board decided on → the revision our own saves have taken it to. */
  const advanced = new Map<string, { from: number; to: number }>();
  const by = { accountId: actor.accountId, displayName: actor.displayName || actor.accountId };
  for (const [index, d] of input.decisions.entries()) {
    // Forge ends a resolver at 25 s: lines not reached are answered as such, to be recorded again, never half-done.
    if (Date.now() > deadlineMs) {
      outcomes.push({ index, ok: false, error: { code: 'NOT_REACHED' } });
      continue;
    }
    try {
      outcomes.push(await recordOne(index, d));
    } catch (e) {
      // One failure (storage, Jira) is this line's; the lines already saved stay saved, the rest are still tried.
      console.error('[os2] meeting decision failed', e);
      outcomes.push({ index, ok: false, error: { code: 'INTERNAL' } });
    }
  }
  return outcomes;

  async function recordOne(index: number, d: MeetingDecision): Promise<MeetingOutcome> {
    if (d.action === 'decideChangeRequest') {
      const cr = await loadChangeRequest(d.issueId);
      if (!cr) return { index, ok: false, error: { code: 'NOT_FOUND' } };
      if (cr.revision !== d.expectedRevision)
        return { index, ok: false, error: { code: 'STALE_REVISION', current: cr.revision } };
      const productKey = cr.issueKey?.replace(/-\d+$/, '');
      const product = productKey ? (await records()).find((r) => r.project.key === productKey) : undefined;
      const result = applyMeetingChangeRequest(cr, actor, d, input.meeting, now(), randomUUID(), product);
      if (!result.ok) return { index, ok: false, error: { code: result.error.code, rule: result.error } };
      const saved = await saveChangeRequest(d.issueId, result.request, d.expectedRevision);
      if (!saved.ok)
        return { index, ok: false, error: { code: 'STALE_REVISION', current: saved.current?.revision ?? 0 } };
      const projectId = product?.project.id;
      if (projectId && result.decision) {
        await appendDecision(projectId, result.decision);
        await afterGovernanceSave(product, siteUrl);
      }
      return {
        index,
        ok: true,
        projectId: projectId ?? '',
        decisionId: result.decision?.id ?? '',
        revision: saved.request.revision,
      };
    }
    const stored = await loadGovernance(d.projectId);
    if (!stored) return { index, ok: false, error: { code: 'NOT_GOVERNED' } };
    const ours = advanced.get(d.projectId);
    const expected = ours && ours.from === d.expectedRevision ? ours.to : d.expectedRevision;
    if (stored.revision !== expected)
      return { index, ok: false, error: { code: 'STALE_REVISION', current: stored.revision } };
    const record = withBoardRoster(stored, roster);
    const result = applyMeetingDecision(record, actor, d, input.meeting, now(), randomUUID());
    if (!result.ok) return { index, ok: false, error: { code: result.error.code, rule: result.error } };
    const saved = await saveGovernance(d.projectId, stored.revision, result.record, [result.decision], by);
    if (!saved.ok)
      return { index, ok: false, error: { code: 'STALE_REVISION', current: saved.current?.revision ?? 0 } };
    advanced.set(d.projectId, { from: ours?.from ?? d.expectedRevision, to: saved.record.revision });
    await afterGovernanceSave(saved.record, siteUrl);
    return {
      index,
      ok: true,
      projectId: d.projectId,
      decisionId: result.decision.id,
      revision: saved.record.revision,
    };
  }
}

export const MeetingPlanInputSchema = z.strictObject({
  date: z.string().date('Mødets dato skal være en dato (åååå-mm-dd)').optional(),
});
