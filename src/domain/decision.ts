import { z } from 'zod';
import { PersonSchema } from './person';
import { LevelSchema } from './level';
import { ApprovalStateSchema } from './approval-state';

/** The body that took a decision (domain.md "Who is who"). */
export const DecisionBodySchema = z.enum([
  'board',
  'secretariat',
  'steering_group',
  'coordination_group',
  'working_group',
  'project_owner',
]);
export type DecisionBody = z.infer<typeof DecisionBodySchema>;

/** What was decided. Transitions of the approval state, level changes, polls and change requests. */
export const DecisionKindSchema = z.enum([
  'place_on_level',
  'submit_to_board',
  'approve',
  'send_back',
  'loop_back',
  'start_implementation',
  'become_product',
  'retire',
  'change_level',
  'approve_steering_group',
  'appoint_steering_group',
  'poll_closed',
  'change_request',
  'admit',
  'confirm_admission',
  'reject',
  'approve_budget',
  'elect_chair',
  'approve_project_description',
  'set_development_frame',
  'choose_project_leader',
]);
export type DecisionKind = z.infer<typeof DecisionKindSchema>;

/**
 * The board meeting a decision was taken at (issue 15 item 4): its date and the link to its minutes. Set on every
 * decision recorded from the global page's "Bestyrelsesmøde" tab, the same reference on each decision of one
 * meeting; absent on decisions taken outside a meeting and on everything stored before meetings were recorded.
 */
export const MeetingRefSchema = z.strictObject({
  // Not z.iso.date(): webpack 5.113 bundles it as z.date() (docs/forge-app.md), as StatusReportSchema.
  date: z.string().date('Mødets dato skal være en dato (åååå-mm-dd)'),
  minutesUrl: z
    .url({ protocol: /^https?$/, error: 'Referatet skal være et link (https://…)' })
    .max(2000, 'Linket til referatet må højst være 2000 tegn'),
});
export type MeetingRef = z.infer<typeof MeetingRefSchema>;

/**
 * One entry of a product's decision log: who, which body, when, what and on what basis
 * (domain.md: "Each decision (who, when, which body, on what basis) is part of the record").
 * Open requirements at the time are carried in, so a board decision taken despite them is visible.
 */
export const DecisionSchema = z.strictObject({
  id: z.string().min(1).max(64),
  kind: DecisionKindSchema,
  body: DecisionBodySchema,
  decidedBy: PersonSchema,
  decidedAt: z.iso.datetime(),
  summary: z.string().max(2000),
  basis: z.string().max(4000),
  fromState: ApprovalStateSchema.optional(),
  toState: ApprovalStateSchema.optional(),
  fromLevel: LevelSchema.optional(),
  toLevel: LevelSchema.optional(),
  openRequirements: z.array(z.string().max(64)).default([]),
  /**
   * How a steering or coordination group voted, when it did not decide by consensus: for and against at the
   * meeting, and on a tie the chair whose casting vote decided (seed 003 4.1.4: "Ved tvivlsspørgsmål i
   * styregruppen har styregruppeformanden ansvaret for at tage den endelige beslutning").
   */
  tally: z
    .strictObject({
      for: z.number().int().nonnegative(),
      against: z.number().int().nonnegative(),
      castingVoteBy: PersonSchema.optional(),
    })
    .optional(),
  /**
   * Set on history brought in when an existing product was admitted (admission.ts): the decision was taken
   * before the app knew the product, so `decidedAt` and `decidedBy` are as the secretariat stated them, and
   * `imported` says who stated them and when. Never set on a decision the app took.
   */
  imported: z.strictObject({ by: PersonSchema, at: z.iso.datetime() }).optional(),
  /** The board meeting the decision was recorded for (MeetingRefSchema); optional, so older logs still parse. */
  meeting: MeetingRefSchema.optional(),
});
export type Decision = z.infer<typeof DecisionSchema>;
