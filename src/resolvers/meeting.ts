/**
 * The board meeting on the Jira global page ("Bestyrelsesmøde" tab, src/frontend/global-page/MeetingPanel.tsx):
 *
 * - `meetingAgenda` {} → the agenda (src/domain/board-agenda.ts) and what the user may do with it
 * - `meetingPack` {} → the same agenda as an A4 HTML document to print or save as PDF (src/shared/meeting-pack.ts)
 * - `meetingPlan` { date?, proposal? } → the secretariat sets the meeting date and puts a level change on the agenda
 * - `recordMeeting` { meeting: { date, minutesUrl }, decisions } → every decision through the domain at the
 *   product's revision, stamped with the meeting; one answer line per decision, a refusal in the user's language
 *
 * Defined on the global page's resolver by `defineMeeting` (src/resolvers/index.ts). Who acts is read from Jira,
 * never from the payload; the board's decisions may be recorded by a board member or the secretariat (the
 * board's minutes keeper), each then acting as the board under the domain's unchanged rules.
 */
import { z } from 'zod';
import { actingUser } from '../app/actor';
import { loadBoardRoster } from '../app/board';
import { loadAgenda, loadMeetingPlan, recordMeeting, saveMeetingPlan } from '../app/meeting';
import { meetingPackHtml } from '../shared/meeting-pack';
import { loadAllRecords } from '../app/lists';
import { boardAtMeeting, RecordMeetingInputSchema } from '../domain/board-agenda';
import { LevelSchema } from '../domain/level';
import { t } from '../i18n/index';
import { resolver, refuse } from './common';
import type { Resolver } from './forge-resolver';
import type { MeetingAgendaData, MeetingLine } from '../shared/meeting-data';

// The answers' shapes are src/shared's: the global page's UI bundle reads them without loading this module.
export type { MeetingAgendaData, MeetingLine } from '../shared/meeting-data';

const Locale = { locale: z.string().optional() };
/** A resolver has 25 s in Forge; decisions not begun by this are answered NOT_REACHED, to be recorded again. */
const RESOLVER_BUDGET_MS = 18_000;

const PlanPayload = z.object({
  ...Locale,
  date: z.string().date('Mødets dato skal være en dato (åååå-mm-dd)').optional(),
  proposal: z
    .strictObject({
      projectKey: z
        .string()
        .trim()
        .regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'Projektnøglen skal være store bogstaver, fx MO'),
      toLevel: LevelSchema,
      reason: z.string().trim().min(1, 'Forslaget skal have en begrundelse').max(4000),
    })
    .optional(),
});

export function defineMeeting(r: InstanceType<typeof Resolver>): void {
  r.define(
    'meetingAgenda',
    resolver(z.object(Locale), async (req): Promise<MeetingAgendaData> => {
      const [user, roster] = await Promise.all([actingUser(), loadBoardRoster()]);
      // What awaits the board (concepts, recommendations, budgets) is the board's and its secretariat's business.
      if (!boardAtMeeting(user.actor))
        refuse(req.locale, 'ONLY_BOARD_OR_SECRETARIAT', 'error.meetingOnlyBoardOrSecretariat');
      const agenda = await loadAgenda(new Date().toISOString(), roster);
      return {
        agenda,
        can: {
          record: boardAtMeeting(user.actor) !== undefined,
          plan: user.actor.roles.includes('secretariat'),
        },
      };
    }),
  )
    .define(
      'meetingPack',
      resolver(z.object(Locale), async (req) => {
        const [user, roster] = await Promise.all([actingUser(), loadBoardRoster()]);
        if (!boardAtMeeting(user.actor))
          refuse(req.locale, 'ONLY_BOARD_OR_SECRETARIAT', 'error.meetingOnlyBoardOrSecretariat');
        const agenda = await loadAgenda(new Date().toISOString(), roster);
        return {
          html: meetingPackHtml(agenda, req.locale),
          filename: `bestyrelsesmoede-${agenda.meetingDate ?? agenda.today}.html`,
        };
      }),
    )
    .define(
      'meetingPlan',
      resolver(PlanPayload, async (req) => {
        const user = await actingUser();
        if (!user.actor.roles.includes('secretariat'))
          refuse(req.locale, 'ONLY_SECRETARIAT', 'error.meetingOnlySecretariatPlans');
        const plan = await loadMeetingPlan();
        const next = { ...plan, ...(req.payload.date !== undefined ? { date: req.payload.date } : {}) };
        const p = req.payload.proposal;
        if (p) {
          const record = (await loadAllRecords()).find((x) => x.project.key === p.projectKey);
          if (!record)
            refuse(req.locale, 'NOT_GOVERNED', 'error.meetingUnknownProject', { key: p.projectKey });
          // One proposal per product: a new one replaces the earlier.
          next.levelProposals = [
            ...plan.levelProposals.filter((x) => x.projectId !== record.project.id),
            {
              projectId: record.project.id,
              toLevel: p.toLevel,
              reason: p.reason,
              proposedBy: { accountId: user.actor.accountId, displayName: user.actor.displayName },
              proposedAt: new Date().toISOString(),
            },
          ];
        }
        await saveMeetingPlan(next);
        return next;
      }),
    )
    .define(
      'recordMeeting',
      resolver(RecordMeetingInputSchema.extend(Locale), async (req): Promise<MeetingLine[]> => {
        const started = Date.now();
        const [user, roster] = await Promise.all([actingUser(), loadBoardRoster()]);
        if (!boardAtMeeting(user.actor))
          refuse(req.locale, 'ONLY_BOARD_OR_SECRETARIAT', 'error.meetingOnlyBoardOrSecretariat');
        const { meeting, decisions } = req.payload;
        const outcomes = await recordMeeting(
          user.actor,
          { meeting, decisions },
          roster,
          req.context.siteUrl,
          undefined,
          started + RESOLVER_BUDGET_MS,
        );
        return outcomes.map((o): MeetingLine => {
          if (o.ok) return o;
          const { code, rule, current } = o.error;
          const message = rule
            ? req.locale === 'en'
              ? rule.en
              : rule.da
            : code === 'STALE_REVISION'
              ? t(req.locale, 'error.stale', {
                  expected: decisions[o.index]!.expectedRevision,
                  current: current ?? 0,
                })
              : code === 'NOT_GOVERNED'
                ? t(req.locale, 'error.notGoverned')
                : code === 'NOT_FOUND'
                  ? t(req.locale, 'error.meetingNoChangeRequest')
                  : code === 'NOT_REACHED'
                    ? t(req.locale, 'error.meetingNotReached')
                    : t(req.locale, 'error.internal');
          return { index: o.index, ok: false, code, message };
        });
      }),
    );
}
