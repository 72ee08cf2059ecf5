import { z } from 'zod';
import { LevelSchema } from './level';
import { ApprovalStateSchema } from './approval-state';
import { MunicipalitySchema } from './municipality';
import { RagSchema } from './governance-record';
import { DecisionBodySchema, DecisionKindSchema } from './decision';
import { DkkSchema } from './money';
import { GOVERNANCE_RULE_CODES } from './rule-error';

/** Whether the governance mirror a roll-up came from carried a valid signature (design.md "Where data lives"). */
export const MirrorIntegritySchema = z.enum(['verified', 'tampered', 'unsigned', 'missing']);
export type MirrorIntegrity = z.infer<typeof MirrorIntegritySchema>;

export const TopRequestSchema = z.strictObject({
  key: z.string().max(32),
  summary: z.string().max(255),
  votes: z.number().int().nonnegative(),
  coFinanceWilling: z.number().int().nonnegative(),
  coFinanceTotalDkk: DkkSchema,
});
export type TopRequest = z.infer<typeof TopRequestSchema>;

export const RollUpDecisionSchema = z.strictObject({
  kind: DecisionKindSchema,
  body: DecisionBodySchema,
  decidedBy: z.string().max(255),
  decidedAt: z.iso.datetime(),
  summary: z.string().max(500),
});

/**
 * The portfolio roll-up of one product: the `os2-rollup` property of its issue in the central portfolio
 * project (design.md "The sync service"). Kept well under Jira's 32,768-character property limit.
 * `sourceKey` (`<site>/<projectId>`) is indexed and is how the writer finds the issue again.
 */
export const RollUpSchema = z.strictObject({
  schema: z.literal(1),
  sourceKey: z.string().min(3).max(255),
  site: z.string().min(1).max(100),
  project: z.strictObject({ id: z.string(), key: z.string() }),
  name: z.string().max(255),
  integrity: MirrorIntegritySchema,
  level: LevelSchema.optional(),
  state: ApprovalStateSchema.optional(),
  steering: z.strictObject({
    kind: z.enum(['steering_group', 'project_owner', 'none']),
    chair: z.string().max(255).optional(),
    members: z.number().int().nonnegative(),
    boardMembers: z.number().int().nonnegative(),
  }),
  projectLeader: z.string().max(255).optional(),
  municipalities: z.array(MunicipalitySchema).max(98),
  status: z
    .strictObject({
      // Not z.iso.date(): webpack 5.113 (what npm may give the Forge CLI) bundles it as z.date(); see docs/forge-app.md.
      date: z.string().date(),
      rag: RagSchema,
      progress: z.string().max(500),
      budgetDkk: DkkSchema,
      spentDkk: DkkSchema,
      forecastDkk: DkkSchema,
    })
    .optional(),
  /**
   * The product's development frame (issue 14 finding 4; `GovernanceRecord.developmentFrame`), present only when
   * one is set, so a product without one rolls up and hashes as before. `approved`: the frame is in force, i.e.
   * change requests are checked against it (`effectiveFrameDkk`): on N1 once set, on N2/N3 once the board approved it.
   */
  frame: z.strictObject({ amountDkk: DkkSchema, approved: z.boolean() }).optional(),
  requirements: z.strictObject({
    total: z.number().int().nonnegative(),
    met: z.number().int().nonnegative(),
    explained: z.number().int().nonnegative(),
    open: z.array(z.string().max(64)),
  }),
  openRequests: z.number().int().nonnegative(),
  topRequests: z.array(TopRequestSchema).max(10),
  /**
   * Open requests passed over while choosing the top voted because their tally did not verify (forged, copied
   * from another request, or an older tally put back). Absent when none were.
   */
  skippedRequests: z.number().int().positive().optional(),
  decisions: z.array(RollUpDecisionSchema).max(10),
  /**
   * Governance rules the product breaks (`recordRuleViolations`), present only when there are any, so the
   * portfolio shows them (issue 14 finding 2) and a clean product's roll-up and hash are as before.
   */
  ruleViolations: z.array(z.enum(GOVERNANCE_RULE_CODES)).max(60).optional(),
  /**
   * The reporting duty of a running project (src/domain/reporting.ts), present only while its state asks for
   * status reports, so a product without the duty rolls up and hashes as before (issue 15 item 3). Dates only,
   * never "overdue": the roll-up is hashed and signed, and a flag computed from the clock would rewrite every
   * unchanged product each day. Each surface compares `dueDate` with its own today (src/domain/attention.ts).
   */
  reporting: z
    .strictObject({
      cadenceDays: z.number().int().min(7).max(730),
      /** Date of the newest status report; absent when the project has never reported. */
      lastReport: z.string().date().optional(),
      /** `lastReport` plus the cadence: the report is overdue from the day after. Absent with no report yet. */
      dueDate: z.string().date().optional(),
    })
    .optional(),
  revision: z.number().int().nonnegative(),
});
export type RollUp = z.infer<typeof RollUpSchema>;
