/**
 * One language of names and times: every message of every surface (the app, the portfolio page, the portfolio
 * issue in Jira, the os2-sync CLI and the `npm start` terminal) in both languages in one catalogue, plural
 * forms chosen by the language's rules, Danish time everywhere, and one name per concept on every surface.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApprovalStateSchema } from '../../src/domain/approval-state.js';
import { ATTENTION_MARKERS, ATTENTION_TEXT, NEEDS_ATTENTION_TEXT } from '../../src/domain/attention.js';
import { DecisionBodySchema } from '../../src/domain/decision.js';
import { LEVELS } from '../../src/domain/level.js';
import { CATALOGUE, da, en, formatDateTime, stateName, t } from '../../src/i18n/index.js';
import { pageDa } from '../../src/i18n/page.js';
import { terminalDa } from '../../src/i18n/terminal.js';
import { formatter } from '../../sync-worker/src/portfolio-page/format.js';
import { strings } from '../../sync-worker/src/portfolio-page/i18n.js';
import { rollUpDescription, STATUS_BY_STATE } from '../../sync-worker/src/adf.js';
import { main } from '../../sync-worker/src/cli.js';
import { parseConfig } from '../../sync-worker/src/config.js';
import { formatPortfolioTable, formatRollUpLine } from '../../scripts/start/portfolio-table.js';
import { fixtureRollUps } from '../portfolio-page/fixtures.js';

const LANGS = ['da', 'en'] as const;

describe('the message catalogue', () => {
  it('has every key of every surface in both languages, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(da).sort());
    expect(Object.keys(CATALOGUE.en).sort()).toEqual(Object.keys(CATALOGUE.da).sort());
    const names = (s: string) => [...new Set([...s.matchAll(/\{(\w+)/g)].map((m) => m[1]))].sort();
    for (const key of Object.keys(CATALOGUE.da) as (keyof typeof CATALOGUE.da)[]) {
      expect(CATALOGUE.en[key].trim(), key).not.toBe('');
      expect(CATALOGUE.da[key].trim(), key).not.toBe('');
      expect(names(CATALOGUE.en[key]), key).toEqual(names(CATALOGUE.da[key]));
      // Every plural has the `other` form the rules fall back to.
      for (const lang of LANGS) {
        for (const p of CATALOGUE[lang][key].matchAll(/\{\w+, plural, ((?:\w+ \{[^{}]*\}\s*)+)\}/g)) {
          expect(p[1], `${lang} ${key}`).toMatch(/\bother \{/);
        }
      }
    }
  });

  it('keeps the blocks apart: no key of the page or the terminal overrides an app key', () => {
    const app = new Set(Object.keys(da));
    const page = Object.keys(pageDa);
    const terminal = Object.keys(terminalDa);
    expect(page.filter((k) => app.has(k))).toEqual([]);
    expect(terminal.filter((k) => app.has(k) || page.includes(k))).toEqual([]);
    expect(Object.keys(CATALOGUE.da)).toHaveLength(app.size + page.length + terminal.length);
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
    // The number in the language's format, as ICU's `#` does.
    expect(t('da', 'glance.votes', { count: 1250 })).toBe('1.250 stemmer');
    expect(t('en', 'glance.votes', { count: 1250 })).toBe('1,250 votes');
  });

  it('counts with the same plural helper on the page, in the portfolio issue and in the terminal', () => {
    const page = strings('da');
    expect(page.votes(1)).toBe('1 stemme');
    expect(page.municipalitiesCount(1)).toBe('1 kommune');
    expect(page.members(1, 0)).toBe('1 medlem');
    expect(page.members(5, 2)).toBe('5 medlemmer, heraf 2 fra bestyrelsen');
    expect(page.tableCaption(1, 1)).toBe('Porteføljen: 1 produkt');
    expect(page.tableCaption(2, 31)).toBe('Porteføljen: 2 af 31 produkter');
    expect(strings('en').coFinanceWilling(1)).toBe('1 municipality will co-finance');
    expect(strings('en').integrityBanner(2)).toMatch(/^2 products have .* They are flagged/);

    const one = { ...fixtureRollUps()[0]!, openRequests: 1 };
    expect(formatRollUpLine(one)).toContain('| 1 åbent ønske |');
    expect(formatRollUpLine({ ...one, openRequests: 1200 })).toContain('| 1.200 åbne ønsker |');

    const withVotes = fixtureRollUps().find((r) => r.topRequests.length > 0)!;
    const top = { ...withVotes, topRequests: [{ ...withVotes.topRequests[0]!, votes: 1 }] };
    expect(JSON.stringify(rollUpDescription(top))).toContain(`${top.topRequests[0]!.summary}: 1 stemme"`);
  });

  it('shows one decision at one time in the app, on the page and in the terminal: Europe/Copenhagen', () => {
    // 09.00 UTC on 1 December is 10.00 in Copenhagen (and 11.00 UTC on 1 July is 13.00, summer time).
    const winter = '2026-12-01T09:00:00.000Z';
    expect(formatDateTime('da', winter)).toMatch(/10[.:]00/);
    expect(formatter('da').dateTime(winter)).toMatch(/10[.:]00/);
    expect(formatDateTime('da', winter)).toBe(formatter('da').dateTime(winter));
    expect(formatDateTime('en', '2026-07-01T11:00:00.000Z')).toMatch(/13:00/);
    expect(formatter('en').time(new Date('2026-07-01T11:00:05.000Z'))).toMatch(/^13:00:05/);
    // A bare calendar day never shifts with the zone.
    expect(formatter('da').date('2026-05-01')).toMatch(/^1\. maj 2026/);
  });
});

describe('one name per concept on every surface', () => {
  it('names every state the same in the app, on the page, in the terminal and in Jira', () => {
    for (const state of ApprovalStateSchema.options) {
      for (const lang of LANGS) {
        expect(strings(lang).states[state], `${lang} ${state}`).toBe(stateName(lang, state));
      }
      // The portfolio project's Jira statuses carry the Danish names.
      expect(STATUS_BY_STATE[state]).toBe(stateName('da', state));
    }
    for (const r of fixtureRollUps().filter((x) => x.state)) {
      expect(formatRollUpLine(r)).toContain(` · ${stateName('da', r.state!)} |`);
    }
  });

  it('says the same about integrity in the app, on the page, in its CSV, in Jira and in the terminal', () => {
    for (const lang of LANGS) {
      for (const i of ['verified', 'tampered', 'unsigned', 'missing'] as const) {
        expect(strings(lang).integrity[i]).toBe(t(lang, `integrity.${i}`));
      }
    }
    const flagged = fixtureRollUps().find((r) => r.integrity === 'tampered')!;
    expect(formatPortfolioTable([flagged], 200)).toContain(t('da', 'integrity.tampered').toLowerCase());
    expect(JSON.stringify(rollUpDescription(flagged))).toContain(t('da', 'integrity.tampered').toUpperCase());
  });

  it('names a met requirement as the app does on the page, in its CSV, in the portfolio issue and in the history', () => {
    for (const lang of LANGS) {
      const met = t(lang, 'project.requirement.met').toLowerCase();
      const counts = { met: 4, explained: 1, open: 18, total: 23 };
      expect(t(lang, 'page.requirementsMet').toLowerCase()).toBe(met);
      expect(t(lang, 'page.requirementsSummary', counts)).toContain(`4 ${met},`);
      expect(t(lang, 'page.csv.requirementsMet').toLowerCase()).toContain(met);
      expect(t(lang, 'issue.requirements', counts)).toContain(`4 ${met},`);
      expect(t(lang, 'portfolio.requirementsSummary', counts)).toContain(`4 ${met},`);
      expect(t(lang, 'history.answer.met', { name: 'x' })).toContain(met);
    }
  });

  it('names the lists across the portfolio the same in the app and on the page', () => {
    for (const lang of LANGS) {
      // The app's headings may add a qualifier ("(brugerklubben)", "efter tilstand og prioritet"); the page's
      // tabs are the same name without it.
      for (const kind of ['polls', 'changeRequests', 'outcomes', 'ungoverned'] as const)
        expect(t(lang, `lists.${kind}`), `${lang} ${kind}`).toMatch(
          new RegExp(`^${t(lang, `page.lists.tab.${kind}`)}( \\(|$| by | efter )`),
        );
      expect(t(lang, 'page.lists.link').toLowerCase()).toContain(t(lang, 'lists.outcome').toLowerCase());
    }
  });

  it('names follow-up markers, "needs attention", decision bodies, colours and levels from one key each', () => {
    for (const lang of LANGS) {
      for (const m of ATTENTION_MARKERS) expect(ATTENTION_TEXT[m][lang]).toBe(t(lang, `attention.${m}`));
      expect(NEEDS_ATTENTION_TEXT[lang]).toBe(t(lang, 'attention.needs'));
      for (const b of DecisionBodySchema.options)
        expect(strings(lang).decisionBody[b]).toBe(t(lang, `body.${b}`));
      for (const c of ['green', 'amber', 'red'] as const)
        expect(strings(lang).rag[c]).toBe(t(lang, `rag.${c}`));
      // The page and the terminal show a level by its code; the app's name of it starts with the same code.
      for (const level of LEVELS) expect(t(lang, `level.${level}`)).toMatch(new RegExp(`^${level} – `));
    }
  });
});

describe('the terminal speaks the catalogue', () => {
  async function cli(args: string[], env: Record<string, string> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('os2-sync answers in English with OS2_SYNC_LANG=en, and in Danish by default', async () => {
    const en = await cli(['--help'], { OS2_SYNC_LANG: 'en' });
    expect(en.out).toContain(t('en', 'cli.cmd.doctor.summary'));
    expect(en.out).toContain('Options:');
    expect(en.out).not.toMatch(/Tilvalg|kommando/);
    expect((await cli(['stauts'], { OS2_SYNC_LANG: 'en' })).err).toContain(
      'unknown command "stauts"; did you mean "status"?',
    );
    // The configuration's report too: its frame, its count and its problems.
    expect(() => parseConfig({}, { OS2_SYNC_LANG: 'en' })).toThrow(
      /^The sync service configuration is invalid \(\d+ problems\):\n[\s\S]*OS2_EVENT_SECRET: the environment variable is missing/,
    );
    expect(() => parseConfig({}, {})).toThrow(
      /^Konfigurationen af sync-tjenesten er ugyldig \(\d+ problemer\)/,
    );
    const daHelp = await cli(['--help']);
    expect(daHelp.out).toContain(t('da', 'cli.cmd.doctor.summary'));
    expect(daHelp.out).toContain('Tilvalg:');
  });

  it('leaves no dictionary of Danish texts in the worker, the CLI or the scripts: they live in src/i18n', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
      });
    // Three or more `key: 'text for people'` lines in a row, one of them Danish: a surface-local catalogue.
    // (A machine answer such as `status: 'refused', reason: 'rolled_back', detail: '…'` is not one.)
    const prop = /^\s*['"]?[\w-]+['"]?:\s*(['"`])(.*)\1,?\s*$/;
    const danish = /[æøåÆØÅé]|\b(og|ikke|til|af|med|fra|ingen|kør|findes)\b/;
    const found: string[] = [];
    for (const file of [...files('sync-worker/src'), ...files('scripts')]) {
      let run: string[] = [];
      const lines = [...readFileSync(file, 'utf8').split('\n'), ''];
      lines.forEach((line, i) => {
        const m = prop.exec(line);
        if (m && !/^[a-z0-9_.:/@-]*$/.test(m[2]!)) return void run.push(m[2]!);
        if (run.length >= 3 && run.some((v) => danish.test(v))) found.push(`${file}:${i - run.length + 1}`);
        run = [];
      });
    }
    expect(found).toEqual([]);
    // And the surfaces moved to the catalogue spell no Danish text of their own.
    for (const file of [
      ...files('sync-worker/src/portfolio-page'),
      'sync-worker/src/cli.ts',
      'sync-worker/src/cli-commands.ts',
      'sync-worker/src/import-command.ts',
      'sync-worker/src/suggest.ts',
      'sync-worker/src/adf.ts',
      'sync-worker/src/config.ts',
      'scripts/start.ts',
      'scripts/start/portfolio-table.ts',
      'scripts/start/console.ts',
      'scripts/start/find-redis.ts',
      'scripts/start/sync-progress.ts',
      'scripts/start/shutdown.ts',
    ]) {
      // Comments are not texts, nor are the console's command words a person types (`case 'hjælp':`).
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .replace(/case '[^']*':/g, '');
      expect(code.match(/(['"`])[^'"`\n]*[æøåÆØÅ][^'"`\n]*\1/g), file).toBeNull();
    }
  });
});
