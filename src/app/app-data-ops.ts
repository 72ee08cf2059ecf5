/**
 * What the app answers through its `os2-app-data` web trigger (src/webtriggers/index.ts `onAppData`): data only
 * the app holds in Forge storage, asked for by the sync service for the portfolio page. One entry per op: its
 * input (the wire's strict schema, src/events/app-data.ts) and `answer(input)`, whose result the web trigger
 * signs. Every op only reads; none changes anything.
 */
import type { z } from 'zod';
import { APP_DATA_WIRE, type AppDataInput, type AppDataOp, type AppDataOutput } from '../events/app-data';
import { loadGovernance } from './storage';
import { historyLines, loadHistorySource, type HistorySource } from './history';
import { boundLists } from './lists-answer';
import { loadPortfolioLists } from './lists';
import { appJira } from './jira';
import { siteUrl } from './site';

export interface AppDataOpEntry<Op extends AppDataOp> {
  input: z.ZodType<AppDataInput<Op>>;
  answer: (input: AppDataInput<Op>) => Promise<AppDataOutput<Op>>;
}
export type AppDataOps = { [Op in AppDataOp]: AppDataOpEntry<Op> };

/**
 * `history { projectId }`: the product's timeline (every stored revision field by field, every decision, every
 * vote and pledge change), newest first, in Danish and English as the project page builds it. An ungoverned
 * project answers revision 0 and no entries.
 */
async function history(input: AppDataInput<'history'>): Promise<AppDataOutput<'history'>> {
  const [record, source] = await Promise.all([
    loadGovernance(input.projectId),
    loadHistorySource(input.projectId),
  ]);
  if (!record) return { revision: 0, entries: [] };
  return historyAnswer(record.revision, source);
}

/** The answer from what was read: both languages' lines, entry by entry (pure; bench/secretariat.ts times it). */
export function historyAnswer(revision: number, source: HistorySource): AppDataOutput<'history'> {
  const da = historyLines(source, 'da');
  const en = historyLines(source, 'en');
  return {
    revision,
    entries: da.map((d, i) => {
      const e = en[i]!;
      return {
        kind: d.kind,
        at: d.at,
        by: d.by,
        ...(d.revision !== undefined ? { revision: d.revision } : {}),
        ...(d.first !== undefined ? { first: d.first } : {}),
        title: { da: d.title, en: e.title },
        lines: { da: d.lines, en: e.lines },
        ...(d.decision ? { decision: d.decision } : {}),
        ...(d.imported ? { imported: true } : {}),
        ...(d.meeting ? { meeting: d.meeting } : {}),
      };
    }),
  };
}

/** The portfolio project is part of the toolkit, never a product (as on the global page). */
const PORTFOLIO_KEY = 'PORT';

/** The site as rows name it: the host of its URL, as the global page does (the service relabels with its own). */
function siteLabel(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url || 'jira';
  }
}

/**
 * `lists {}`: the site's cross-portfolio lists (issue 15 item 6), the global page's own rows (src/app/lists.ts),
 * with the projects listed as the app (a web trigger has no user), cut to their bounds (src/app/lists-answer.ts).
 */
async function lists(_input: AppDataInput<'lists'>): Promise<AppDataOutput<'lists'>> {
  const computedAt = new Date().toISOString();
  const site = siteLabel(await siteUrl());
  const all = await loadPortfolioLists(site, computedAt, new Set([PORTFOLIO_KEY]), appJira());
  return boundLists(all, computedAt);
}

export const APP_DATA_OPS: AppDataOps = {
  history: { input: APP_DATA_WIRE.history.input, answer: history },
  lists: { input: APP_DATA_WIRE.lists.input, answer: lists },
};
