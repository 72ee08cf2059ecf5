/**
 * The change-request assessment of a feature request (seed 001, KITOS working groups 2017): purpose and business
 * value are described; small requests are decided by the secretariat; larger initiatives need a requirements
 * specification, a supplier's estimate and the secretariat's recommendation, are prioritised (or rejected) by the
 * working group or coordination group, and their work and financing are approved by the steering group; a request
 * outside the product's economic frame goes to the steering group. A decided assessment is a decision in the
 * project's log. The refusals use the domain's rule codes (src/domain/rule-error.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ruleError, type GovernanceRuleError } from '../domain/rule-error.js';
import { PersonSchema } from '../domain/person.js';
import { DkkSchema } from '../domain/money.js';
import type { Actor } from '../domain/actor.js';
import type { Decision } from '../domain/decision.js';
import type { GovernanceRecord } from '../domain/governance-record.js';
import { getJson, keys, putJson } from './storage.js';

export const AssessmentInputSchema = z.strictObject({
  purpose: z.string().trim().min(1).max(2000),
  businessValue: z.string().trim().min(1).max(2000),
  size: z.enum(['small', 'large']),
  withinFrame: z.boolean().default(true),
  specification: z.string().trim().max(4000).optional(),
  estimateDkk: DkkSchema.optional(),
  recommendation: z.string().trim().max(2000).optional(),
  body: z.enum(['secretariat', 'working_group', 'coordination_group', 'steering_group']),
  outcome: z.enum(['pending', 'prioritised', 'rejected', 'approved']),
  note: z.string().trim().max(2000).optional(),
});
export type AssessmentInput = z.infer<typeof AssessmentInputSchema>;

export const AssessmentSchema = AssessmentInputSchema.extend({
  assessedBy: PersonSchema,
  assessedAt: z.iso.datetime(),
});
export type Assessment = z.infer<typeof AssessmentSchema>;

export async function loadAssessment(issueId: string): Promise<Assessment | undefined> {
  return getJson(keys.changeRequest(issueId), AssessmentSchema);
}
export async function saveAssessment(issueId: string, a: Assessment): Promise<void> {
  await putJson(keys.changeRequest(issueId), AssessmentSchema, a);
}

/** The log is kept in Danish, like the rest of the decision log. */
const OUTCOME_DA = {
  pending: 'afventer',
  prioritised: 'prioriteret',
  rejected: 'afvist',
  approved: 'godkendt',
} as const;

export type AssessResult =
  { ok: true; assessment: Assessment; decision?: Decision } | { ok: false; error: GovernanceRuleError };

export function assess(args: {
  issue: { id: string; key: string; summary: string };
  record: GovernanceRecord | undefined;
  actor: Actor;
  input: AssessmentInput;
  previous: Assessment | undefined;
  now: string;
}): AssessResult {
  const { actor, input, now, issue } = args;
  const roles = new Set(actor.roles);
  if (!roles.has('secretariat') && !roles.has('project_admin') && !roles.has('board')) {
    return { ok: false, error: ruleError('ONLY_SECRETARIAT_OR_PROJECT_ADMIN') };
  }
  if (input.outcome !== 'pending') {
    // Who decides what (seed 001 and the coordination group's frame).
    if (!input.withinFrame && input.outcome === 'approved' && input.body !== 'steering_group') {
      return { ok: false, error: ruleError('CHANGE_REQUEST_OUTSIDE_FRAME') };
    }
    if (input.size === 'large') {
      if (input.outcome === 'approved' && input.body !== 'steering_group') {
        return { ok: false, error: ruleError('CHANGE_REQUEST_WRONG_BODY') };
      }
      if (input.body === 'secretariat') return { ok: false, error: ruleError('CHANGE_REQUEST_WRONG_BODY') };
      if (
        input.outcome !== 'rejected' &&
        (!input.specification || input.estimateDkk === undefined || !input.recommendation)
      ) {
        // A larger initiative needs a requirements specification, a supplier estimate and a recommendation.
        return {
          ok: false,
          error: ruleError('CHANGE_REQUEST_WRONG_BODY', [
            {
              path: ['specification'],
              message: 'Et større tiltag kræver kravspecifikation, prisoverslag og indstilling',
            },
          ]),
        };
      }
    }
    if (input.body === 'secretariat' && !roles.has('secretariat')) {
      return { ok: false, error: ruleError('ONLY_SECRETARIAT_OR_PROJECT_ADMIN') };
    }
  }
  const by = { accountId: actor.accountId, displayName: actor.displayName.trim() || actor.accountId };
  const assessment: Assessment = { ...input, assessedBy: by, assessedAt: now };
  const decided = input.outcome !== 'pending' && input.outcome !== args.previous?.outcome;
  const decision: Decision | undefined = decided
    ? {
        id: randomUUID(),
        kind: 'change_request',
        body: input.body,
        decidedBy: by,
        decidedAt: now,
        summary: `${issue.key} ${issue.summary}: ${OUTCOME_DA[input.outcome]}`.slice(0, 2000),
        basis: [
          input.purpose,
          input.businessValue,
          input.recommendation,
          input.estimateDkk !== undefined ? `${input.estimateDkk} DKK` : undefined,
        ]
          .filter(Boolean)
          .join(' | ')
          .slice(0, 4000),
        openRequirements: [],
      }
    : undefined;
  return decision ? { ok: true, assessment, decision } : { ok: true, assessment };
}
