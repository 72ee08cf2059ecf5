/**
 * One language of names and times: every message in both languages, plural forms chosen by the language's
 * rules, Danish time everywhere, and the same name for every governance state in the app, on the portfolio
 * page and in the terminal table.
 */
import { describe, expect, it } from 'vitest';
import { ApprovalStateSchema } from '../../src/domain/approval-state.js';
import { da, en, formatDateTime, stateName, t } from '../../src/i18n/index.js';
import { formatter } from '../../sync-worker/src/portfolio-page/format.js';
import { strings } from '../../sync-worker/src/portfolio-page/i18n.js';
import { STATUS_BY_STATE } from '../../sync-worker/src/adf.js';

describe('the message catalogue', () => {
  it('has every key in both languages, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(da).sort());
    const names = (s: string) => [...s.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(da) as (keyof typeof da)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(names(en[key]), key).toEqual(names(da[key]));
    }
  });

  it('picks singular and plural by Intl.PluralRules: "1 stemme", "1 kommune har stemt"', () => {
    expect(t('da', 'glance.votes', { count: 1 })).toBe('1 stemme');
    expect(t('da', 'glance.votes', { count: 2 })).toBe('2 stemmer');
    expect(t('da', 'glance.votes', { count: 0 })).toBe('0 stemmer');
    expect(t('en', 'glance.votes', { count: 1 })).toBe('1 vote');
    expect(t('da', 'panel.voteCount', { count: 1 })).toBe('1 kommune har stemt');
    expect(t('en', 'panel.voteCount', { count: 3 })).toBe('3 municipalities have voted');
    expect(t('da', 'panel.coFinanceTotal', { willing: 1, amount: '5.000 kr.' })).toBe(
      'Villige til medfinansiering: 1 kommune, i alt 5.000 kr.',
    );
    expect(t('da', 'panel.pollOption', { option: 'Ja', count: 1, willing: 1 })).toBe(
      'Ja: 1 kommune (1 villig til at finansiere)',
    );
  });

  it('shows one decision at one time in the app and on the page: Europe/Copenhagen', () => {
    // 09.00 UTC on 1 December is 10.00 in Copenhagen (and 11.00 UTC on 1 July is 13.00, summer time).
    const winter = '2026-12-01T09:00:00.000Z';
    expect(formatDateTime('da', winter)).toMatch(/10[.:]00/);
    expect(formatter('da').dateTime(winter)).toMatch(/10[.:]00/);
    expect(formatDateTime('en', '2026-07-01T11:00:00.000Z')).toMatch(/13:00/);
  });

  it('names every state the same in the app, on the page, in the table and in Jira', () => {
    for (const state of ApprovalStateSchema.options) {
      for (const lang of ['da', 'en'] as const) {
        expect(strings(lang).states[state], `${lang} ${state}`).toBe(stateName(lang, state));
      }
      // The portfolio project's Jira statuses carry the Danish names.
      expect(STATUS_BY_STATE[state]).toBe(stateName('da', state));
    }
  });
});
