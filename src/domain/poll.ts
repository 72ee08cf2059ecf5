import { z } from 'zod';
import { CoFinanceSchema } from './vote';
import { KommunekodeSchema } from './municipality';
import { PersonSchema } from './person';
import { DkkSchema } from './money';
import { MUNICIPALITIES } from './municipalities';
import { checkClock, decisionOf, isSecretariat, parseInput, refuse } from './transition-kit';
import { ruleError } from './rule-error';
import { personOf, type Actor } from './actor';
import type { Decision } from './decision';
import type { Kommunekode } from './municipality';
import type { GovernanceRuleError } from './rule-error';

/**
 * Polls between alternatives (seed 000, "Input til OS2kitos projektmodul", 2018): the secretariat asks the
 * municipalities which direction they prefer (an overview tool, a project management tool, or an integration)
 * and how many are willing to finance it. One answer per municipality, changeable until the deadline; after it
 * the poll is closed and its result is the basis of a decision.
 */

export const PollAlternativeSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,32}$/),
  label: z.string().trim().min(1).max(255),
});
export type PollAlternative = z.infer<typeof PollAlternativeSchema>;

export const PollAnswerSchema = z.strictObject({
  municipality: KommunekodeSchema,
  /** The (first) alternative chosen; on a single-choice poll the only one. */
  option: z.string().max(32),
  /**
   * Every alternative chosen, on a poll that allows several (seed 000 asks "og/eller": an overview tool and/or a
   * project tool). Absent on single-choice answers and on answers stored before polls allowed several.
   */
  options: z.array(z.string().max(32)).min(1).max(10).optional(),
  coFinance: CoFinanceSchema,
  answeredBy: PersonSchema,
  answeredAt: z.iso.datetime(),
});
export type PollAnswer = z.infer<typeof PollAnswerSchema>;

export const PollSchema = z.strictObject({
  id: z.string().min(1).max(64),
  question: z.string().trim().min(1).max(1000),
  alternatives: z.array(PollAlternativeSchema).min(2).max(10),
  /** Whether a municipality may choose several alternatives (and/or); polls stored before read as single choice. */
  multiple: z.boolean().default(false),
  deadline: z.iso.datetime(),
  /** Who may answer; by default every municipality (the secretariat asks them all). */
  eligible: z.array(KommunekodeSchema).max(98),
  openedBy: PersonSchema,
  openedAt: z.iso.datetime(),
  answers: z.record(KommunekodeSchema, PollAnswerSchema),
  closedAt: z.iso.datetime().optional(),
});
export type Poll = z.infer<typeof PollSchema>;

export type PollResult = { ok: true; poll: Poll } | { ok: false; error: GovernanceRuleError };

export const OpenPollInputSchema = z.strictObject({
  id: z.string().min(1).max(64),
  question: z.string().trim().min(1, 'Spørgsmålet mangler').max(1000),
  /** The alternatives' labels, in order; 2 to 10, all different. */
  alternatives: z.array(z.string().trim().min(1).max(255)),
  deadline: z.iso.datetime(),
  /** The municipalities asked; only they may answer. All 98 when left out. */
  eligible: z.array(KommunekodeSchema).min(1, 'Vælg mindst én kommune').max(98).optional(),
  multiple: z.boolean().default(false),
});
export type OpenPollInput = z.input<typeof OpenPollInputSchema>;

/** The secretariat opens a poll with 2..10 distinct alternatives and a deadline in the future. */
export function openPoll(actor: Actor, input: OpenPollInput, now: string): PollResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(OpenPollInputSchema, input);
  if (!parsed.ok) return parsed;
  if (!isSecretariat(actor)) return refuse('ONLY_SECRETARIAT_OPENS_POLLS');
  const { id, question, alternatives, deadline, eligible, multiple } = parsed.value;
  const labels = alternatives.map((a) => a.trim());
  const distinct = new Set(labels.map((l) => l.toLowerCase()));
  if (labels.length < 2 || labels.length > 10 || distinct.size !== labels.length)
    return refuse('POLL_ALTERNATIVES');
  if (Date.parse(deadline) <= Date.parse(now)) {
    return {
      ok: false,
      error: ruleError('INVALID_INPUT', [
        { path: ['deadline'], message: 'Svarfristen skal ligge i fremtiden' },
      ]),
    };
  }
  return {
    ok: true,
    poll: {
      id,
      question,
      alternatives: labels.map((label, i) => ({ id: `alt-${i + 1}`, label })),
      multiple,
      deadline,
      eligible: eligible ? [...new Set(eligible)] : MUNICIPALITIES.map((m) => m.code),
      openedBy: personOf(actor),
      openedAt: now,
      answers: {},
    },
  };
}

/** Open until the deadline, and not closed early. */
export function isPollOpen(poll: Poll, now: string): boolean {
  return poll.closedAt === undefined && Date.parse(now) < Date.parse(poll.deadline);
}

export const AnswerPollInputSchema = z
  .strictObject({
    municipality: KommunekodeSchema,
    /** One alternative (a single-choice poll) ... */
    option: z.string().max(32).optional(),
    /** ... or several, where the poll allows it. */
    options: z.array(z.string().max(32)).min(1).max(10).optional(),
    coFinance: CoFinanceSchema.default({ willing: false }),
  })
  .refine((a) => (a.option === undefined) !== (a.options === undefined), {
    message: 'Vælg én svarmulighed (option) eller flere (options)',
    path: ['option'],
  });
export type AnswerPollInput = z.input<typeof AnswerPollInputSchema>;

/** A municipality answers (or changes its answer) before the deadline; one answer per municipality. */
export function answerPoll(poll: Poll, actor: Actor, input: AnswerPollInput, now: string): PollResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(AnswerPollInputSchema, input);
  if (!parsed.ok) return parsed;
  if (!isPollOpen(poll, now)) return refuse('POLL_CLOSED');
  const { municipality, coFinance } = parsed.value;
  if (!actor.municipalities.includes(municipality)) return refuse('NOT_IN_MUNICIPALITY_GROUP');
  if (!poll.eligible.includes(municipality)) return refuse('MUNICIPALITY_NOT_ELIGIBLE');
  const chosen = [...new Set(parsed.value.options ?? [parsed.value.option!])];
  if (chosen.length > 1 && !poll.multiple) return refuse('POLL_SINGLE_CHOICE');
  if (chosen.some((o) => !poll.alternatives.some((a) => a.id === o))) return refuse('UNKNOWN_POLL_OPTION');
  const answer: PollAnswer = {
    municipality,
    option: chosen[0]!,
    ...(poll.multiple ? { options: chosen } : {}),
    coFinance,
    answeredBy: personOf(actor),
    answeredAt: now,
  };
  return { ok: true, poll: { ...poll, answers: { ...poll.answers, [municipality]: answer } } };
}

export const PollOptionResultSchema = z.strictObject({
  option: z.string(),
  label: z.string(),
  answers: z.number().int().nonnegative(),
  willingToFinance: z.number().int().nonnegative(),
  coFinanceTotalDkk: DkkSchema,
  municipalities: z.array(KommunekodeSchema),
});
export type PollOptionResult = z.infer<typeof PollOptionResultSchema>;

export interface PollTally {
  answered: number;
  options: PollOptionResult[];
  /** The option with most answers, ties broken by more municipalities willing to finance; none on a full tie. */
  leading?: string;
}

/** The alternatives an answer chose: several on a multiple-choice poll, else its one. */
export function chosenOptions(answer: PollAnswer): string[] {
  return answer.options ?? [answer.option];
}

/** Per option: how many municipalities chose it and how many of them are willing to finance it. */
export function pollResult(poll: Poll): PollTally {
  const answers = Object.values(poll.answers);
  const options = poll.alternatives.map((a) => {
    const mine = answers.filter((x) => chosenOptions(x).includes(a.id));
    const willing = mine.filter((x) => x.coFinance.willing);
    return {
      option: a.id,
      label: a.label,
      answers: mine.length,
      willingToFinance: willing.length,
      coFinanceTotalDkk: willing.reduce((s, x) => s + (x.coFinance.amountDkk ?? 0), 0),
      municipalities: mine.map((x) => x.municipality).sort(),
    };
  });
  const ranked = [...options].sort(
    (x, y) => y.answers - x.answers || y.willingToFinance - x.willingToFinance,
  );
  const [first, second] = ranked;
  const tie =
    second && first && first.answers === second.answers && first.willingToFinance === second.willingToFinance;
  return {
    answered: answers.length,
    options,
    ...(first && first.answers > 0 && !tie ? { leading: first.option } : {}),
  };
}

export type ClosePollResult =
  { ok: true; poll: Poll; result: PollTally; decision: Decision } | { ok: false; error: GovernanceRuleError };

/**
 * After the deadline the secretariat closes the poll; the result becomes a decision (kind 'poll_closed') in the
 * product's log, as the basis for what comes next.
 */
export function closePoll(poll: Poll, actor: Actor, now: string, decisionId: string): ClosePollResult {
  const bad = checkClock(now, decisionId);
  if (bad) return bad;
  if (!isSecretariat(actor)) return refuse('ONLY_SECRETARIAT_OPENS_POLLS');
  if (poll.closedAt !== undefined) return refuse('POLL_CLOSED');
  if (Date.parse(now) < Date.parse(poll.deadline)) return refuse('POLL_STILL_OPEN');
  const result = pollResult(poll);
  const closed: Poll = { ...poll, closedAt: now };
  const lines = result.options.map(
    (o) => `${o.label}: ${o.answers} kommuner, heraf ${o.willingToFinance} villige til at medfinansiere`,
  );
  const leading = result.options.find((o) => o.option === result.leading);
  const summary = leading
    ? `${poll.question} – flest svar: ${leading.label} (${leading.answers} af ${result.answered})`
    : `${poll.question} – intet entydigt flertal (${result.answered} svar)`;
  const decision = decisionOf(
    undefined,
    actor,
    {
      kind: 'poll_closed',
      body: 'secretariat',
      summary: summary.slice(0, 2000),
      basis: `Afstemning ${poll.id}, svarfrist ${poll.deadline}. ${lines.join('; ')}`.slice(0, 4000),
    },
    now,
    decisionId,
    undefined,
  );
  return { ok: true, poll: closed, result, decision };
}

/** For storage: keys are the kommunekoder that answered. */
export type PollAnswers = Readonly<Record<Kommunekode, PollAnswer>>;
