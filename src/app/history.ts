/**
 * A product's history as people read it (issue 15 item 5): the project page's timeline and the portfolio page's
 * (through the app-data web trigger, src/app/app-data-ops.ts) are built here, from one read of Forge storage,
 * so both say the same words. The timeline itself is src/domain/history.ts.
 */
import { loadCatalogueRegistry } from './catalogue-versions';
import { loadDecisions, loadRevisions, loadVoteEvents } from './storage';
import {
  changeText,
  historyTimeline,
  voteEventText,
  FIELD_LABELS,
  type FieldChange,
  type HistoryEntry,
} from '../domain/history';
import { formatter, t, type Locale, type MessageKey } from '../i18n/index';
import type { HistoryLine } from '../shared/project-page-data';

// The line's shape is src/shared's: the project page's UI bundle reads it without loading this module.
export type { HistoryLine } from '../shared/project-page-data';

/** What a timeline is made of: the timeline and the requirement texts (the board's versions included). */
export interface HistorySource {
  entries: HistoryEntry[];
  requirementText: (id: string, locale: Locale) => string | undefined;
}

export async function loadHistorySource(projectId: string): Promise<HistorySource> {
  const [revisions, decisions, votes, catalogues] = await Promise.all([
    loadRevisions(projectId),
    loadDecisions(projectId),
    loadVoteEvents(projectId),
    loadCatalogueRegistry(),
  ]);
  const texts = new Map(
    Object.values(catalogues).flatMap((c) => c.requirements.map((r) => [r.id, r] as const)),
  );
  return {
    entries: historyTimeline({ revisions, decisions, votes }),
    requirementText: (id, locale) => {
      const r = texts.get(id);
      return r ? (locale === 'en' ? r.en : r.da) : undefined;
    },
  };
}

/** The timeline in one language. */
export function historyLines(source: HistorySource, locale: Locale): HistoryLine[] {
  // A requirement change names the requirement by its text, not its catalogue id (internal; issue 17 item 11);
  // items the board added (finding 5) are named too.
  const readable = (c: FieldChange): FieldChange => {
    const text = c.field === 'requirements' && c.item ? source.requirementText(c.item, locale) : undefined;
    return text ? { ...c, item: `«${text}»` } : c;
  };
  return source.entries.map((e): HistoryLine => {
    const base = { kind: e.kind, at: e.at, by: e.by?.displayName ?? null };
    if (e.kind === 'revision')
      return {
        ...base,
        revision: e.revision,
        first: e.first,
        // The revision number stays in the data (it orders the timeline); people are not shown the counter.
        title: t(locale, e.first ? 'history.firstRevision' : 'history.revision'),
        lines: e.changes.map((c) => changeText(readable(c), locale)),
        fields: e.changes.map((c) => FIELD_LABELS[c.field][locale]),
      };
    if (e.kind === 'decision')
      return {
        ...base,
        title: `${t(locale, `action.${e.decision.kind}` as MessageKey)} (${t(locale, `body.${e.decision.body}` as MessageKey)})`,
        lines: [
          e.decision.summary,
          ...(e.decision.basis ? [e.decision.basis] : []),
          // A decision taken before the app and stated at admission: say so, and who stated it.
          ...(e.decision.imported
            ? [
                t(locale, 'history.imported', {
                  name: e.decision.imported.by.displayName,
                  date: formatter(locale).date(e.decision.imported.at),
                }),
              ]
            : []),
        ].filter(Boolean),
        fields: [],
        decision: { kind: e.decision.kind, body: e.decision.body },
        ...(e.decision.imported ? { imported: true } : {}),
        ...(e.decision.meeting ? { meeting: e.decision.meeting } : {}),
      };
    return { ...base, title: t(locale, 'history.vote'), lines: [voteEventText(e.vote)[locale]], fields: [] };
  });
}

export async function loadHistory(projectId: string, locale: Locale): Promise<HistoryLine[]> {
  return historyLines(await loadHistorySource(projectId), locale);
}
