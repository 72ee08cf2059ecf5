/**
 * What the app answers through its `os2-app-data` web trigger (src/webtriggers/index.ts `onAppData`): data only
 * the app holds in Forge storage, asked for by the sync service for the portfolio page. One entry per op: its
 * input (the wire's strict schema, src/events/app-data.ts) and `answer(input)`, whose result the web trigger
 * signs. Every op only reads; none changes anything.
 */
import type { z } from 'zod';
import { APP_DATA_WIRE, type AppDataInput, type AppDataOp, type AppDataOutput } from '../events/app-data';
import { loadGovernance } from './storage';
import { historyLines, loadHistorySource } from './history';

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
  const da = historyLines(source, 'da');
  const en = historyLines(source, 'en');
  return {
    revision: record.revision,
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

export const APP_DATA_OPS: AppDataOps = {
  history: { input: APP_DATA_WIRE.history.input, answer: history },
};
