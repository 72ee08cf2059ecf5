import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  configFromObject,
  loadConfig,
  normaliseBaseUrl,
  parseConfig,
  redactConfig,
} from '../src/config.js';
import { main } from '../src/cli.js';

const good = {
  sites: [
    {
      name: 'os2',
      baseUrl: 'https://OS2.atlassian.net/',
      email: 'sync@os2.dk',
      apiTokenEnv: 'OS2_JIRA_TOKEN',
    },
    {
      name: 'supplier',
      baseUrl: 'https://leverandor.atlassian.net',
      email: 'sync@os2.dk',
      apiTokenEnv: 'SUP_TOKEN',
      projects: ['SOFD'],
    },
  ],
  portfolio: { site: 'os2', projectKey: 'PORT' },
  redis: { prefix: '{os2-sync}' },
};
const env = { OS2_EVENT_SECRET: 'a-long-enough-secret', OS2_JIRA_TOKEN: 'tok-1', SUP_TOKEN: 'tok-2' };

describe('configuration', () => {
  it('parses a good file plus environment, with defaults and normalised URLs', () => {
    const c = parseConfig(good, env);
    expect(c.sites[0]).toMatchObject({
      baseUrl: 'https://os2.atlassian.net',
      apiToken: 'tok-1',
      source: true,
    });
    expect(c.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: '{os2-sync}', cluster: false });
    expect(c.concurrency).toEqual({ perSite: 4, portfolio: 6 });
    expect(c.schedules.reconcile).toEqual({ pattern: '0 */6 * * *' });
    expect(normaliseBaseUrl('HTTPS://Os2.Atlassian.net///')).toBe('https://os2.atlassian.net');
  });

  it('a bad config gets one clear message listing every problem', () => {
    const bad = {
      sites: [
        { name: 'OS2', baseUrl: 'ftp://x', email: 'nope', apiTokenEnv: 'MISSING_TOKEN', apiToken: 'leaked' },
      ],
      portfolio: { site: 'elsewhere', projectKey: 'port' },
      redis: { prefix: 'os2' },
      concurrency: { perSite: 0 },
      surprise: true,
    };
    let error: unknown;
    try {
      parseConfig(bad, { REDIS_URL: 'http://redis' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const msg = (error as ConfigError).message;
    for (const fragment of [
      'sites[0].apiToken: er en hemmelighed og må ikke stå i konfigurationsfilen',
      'sites[0].name',
      'sites[0].baseUrl',
      'sites[0].email',
      'portfolio.projectKey',
      'concurrency.perSite',
      'surprise',
      'OS2_EVENT_SECRET',
      'REDIS_URL',
      'hash-tag',
    ]) {
      expect(msg).toContain(fragment);
    }
    expect(msg).not.toContain('leaked');
    expect((error as ConfigError).problems.length).toBeGreaterThanOrEqual(10);
  });

  it('speaks Danish throughout (zod’s own messages too), suggests near-miss keys, refuses bad cron and file secrets', () => {
    const msg = (() => {
      try {
        parseConfig(
          {
            ...good,
            sites: [
              { name: 'os2', baseURL: 'https://os2.atlassian.net', email: 'a@os2.dk', apiTokenEnv: 'T' },
            ],
            http: { port: 'otte-tusind', dashboardPassword: 'leaked-password' },
            schedules: { reconcile: { pattern: '0 */6 * *x *' } },
            concurency: { perSite: 2 },
          },
          { ...env, T: 'token' },
        );
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    })();
    expect(msg).toMatch(
      /^Konfigurationen af sync-tjenesten er ugyldig \(\d+ problemer\) \/ invalid configuration:/,
    );
    expect(msg).toContain('sites[0].baseURL: ukendt nøgle; mente du "baseUrl"?');
    expect(msg).toContain('sites[0].baseUrl: baseUrl mangler');
    expect(msg).toContain('concurency: ukendt nøgle; mente du "concurrency"?');
    expect(msg).toContain('http.port: Ugyldigt input: forventede tal, fik streng');
    expect(msg).toContain('schedules.reconcile.pattern: "0 */6 * *x *" er ikke et gyldigt cron-udtryk');
    expect(msg).toContain(
      'http.dashboardPassword: er en hemmelighed og må ikke stå i konfigurationsfilen; brug miljøvariablen OS2_DASHBOARD_PASSWORD',
    );
    expect(msg).not.toContain('leaked-password');
    // zod's English defaults do not leak through.
    expect(msg).not.toMatch(/Invalid input|Unrecognized key|expected number/);
    // A valid pattern passes.
    expect(() =>
      parseConfig({ ...good, schedules: { reconcile: { pattern: '15 */6 * * *' } } }, env),
    ).not.toThrow();
  });

  it('reports missing tokens, unknown portfolio site and a portfolio project listed as a source', () => {
    const cfg = {
      ...good,
      sites: [{ ...good.sites[0]!, projects: ['PORT', 'MO'] }],
      portfolio: { site: 'os2', projectKey: 'PORT' },
    };
    expect(() => parseConfig(cfg, { OS2_EVENT_SECRET: 'a-long-enough-secret' })).toThrow(
      /OS2_JIRA_TOKEN[\s\S]*løkke/,
    );
    expect(() => parseConfig({ ...good, portfolio: { site: 'nowhere', projectKey: 'PORT' } }, env)).toThrow(
      /portfolio.site/,
    );
  });

  it('never puts secrets in the redacted config', () => {
    const c = parseConfig(good, {
      ...env,
      OS2_DASHBOARD_USER: 'admin',
      OS2_DASHBOARD_PASSWORD: 'super-secret-pw',
      REDIS_URL: 'redis://user:pw@redis:6379',
    });
    const text = JSON.stringify(redactConfig(c));
    for (const secret of ['tok-1', 'tok-2', 'a-long-enough-secret', 'super-secret-pw', ':pw@'])
      expect(text).not.toContain(secret);
  });

  it('loadConfig reports unreadable and invalid files; the CLI exits 2 with the message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'os2-cfg-'));
    expect(() => loadConfig(join(dir, 'none.json'), env)).toThrow(/kan ikke læses/);
    writeFileSync(join(dir, 'broken.json'), '{ "sites": [');
    expect(() => loadConfig(join(dir, 'broken.json'), env)).toThrow(/ikke gyldig JSON/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ sites: [] }));
    const lines: string[] = [];
    const code = await main(['status', '--config', join(dir, 'bad.json')], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
      env,
    });
    expect(code).toBe(2);
    expect(lines.join('\n')).toMatch(
      /Konfigurationen af sync-tjenesten er ugyldig[\s\S]*sites[\s\S]*portfolio/,
    );
    expect(await main([], { out: () => {}, err: () => {}, env })).toBe(2);
  });

  it('configFromObject takes secrets in code (demo, benchmarks)', () => {
    const c = configFromObject(
      {
        sites: [{ name: 'os2', baseUrl: 'http://127.0.0.1:4000', email: 'admin@os2.example.dk' }],
        portfolio: { site: 'os2', projectKey: 'PORT' },
      },
      { eventSecret: 'os2-dev-secret', tokens: { os2: 'tok' }, redisUrl: 'redis://127.0.0.1:6380' },
    );
    expect(c.sites[0]).toMatchObject({ apiToken: 'tok', baseUrl: 'http://127.0.0.1:4000' });
    expect(c.redis.url).toBe('redis://127.0.0.1:6380');
    expect(() =>
      configFromObject(
        {
          sites: [{ name: 'os2', baseUrl: 'http://x', email: 'a@b.dk' }],
          portfolio: { site: 'os2', projectKey: 'PORT' },
        },
        { eventSecret: 'short', tokens: {} },
      ),
    ).toThrow(/OS2_TOKEN_OS2[\s\S]*OS2_EVENT_SECRET|OS2_EVENT_SECRET[\s\S]*OS2_TOKEN_OS2/);
  });
});
