/**
 * The parts of `npm start` that can be tested alone: finding Redis (env, local, or its own redis-server),
 * the terminal table, the progress bar, the ordered shutdown and the demo configuration.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findRedis, pingRedis, redactUrl, RedisNotFoundError } from '../../scripts/start/find-redis.js';
import { formatPortfolioTable, formatRollUpLine } from '../../scripts/start/portfolio-table.js';
import { progressBar, renderBar, renderBarFitted } from '../../scripts/start/progress.js';
import { displayWidth } from '../../scripts/start/text-width.js';
import { Shutdown } from '../../scripts/start/shutdown.js';
import { demoConfig } from '../../scripts/start/demo-config.js';
import { parseVoteCommand } from '../../scripts/start/console.js';
import { fixtureRollUps } from '../portfolio-page/fixtures.js';

const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
/** A local URL where nothing listens (port 1 is never a Redis). */
const NOTHING = 'redis://127.0.0.1:1';

describe('findRedis', () => {
  it('uses REDIS_URL when it answers, and says so clearly when it does not', async () => {
    const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    if (await pingRedis(url)) {
      const found = await findRedis({ REDIS_URL: url });
      expect(found.source).toBe('env');
      await found.stop();
    }
    await expect(findRedis({ REDIS_URL: 'redis://:secret@127.0.0.1:1' })).rejects.toThrow(
      /REDIS_URL=redis:\/\/:\*\*\*@127\.0\.0\.1:1\/? svarer ikke/,
    );
  });

  it.skipIf(!hasRedisServer)(
    'starts redis-server on a free port with a temporary directory, and stops it',
    async () => {
      const found = await findRedis({}, { localUrl: NOTHING });
      expect(found.source).toBe('started');
      expect(await pingRedis(found.url)).toBe(true);
      await found.stop();
      expect(await pingRedis(found.url, 500)).toBe(false);
    },
    20_000,
  );

  it('explains how to install Redis when there is none', async () => {
    const err = await findRedis({}, { localUrl: NOTHING, command: 'redis-server-that-does-not-exist' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RedisNotFoundError);
    expect((err as Error).message).toContain('apt-get install redis-server');
    expect((err as Error).message).toContain('brew install redis');
  });

  it('redacts passwords in messages', () => {
    expect(redactUrl('redis://user:pw@host:6379/0')).toBe('redis://user:***@host:6379/0');
    expect(redactUrl('not a url')).toBe('not a url');
  });
});

/** A day on which no fixture's status report is due yet (they are dated 2016 to 2019): no reporting markers. */
const BEFORE_DUE = '2017-01-15';

describe('terminal output', () => {
  it('prints the portfolio as a table that fits the width, with every column the secretariat needs', () => {
    const table = formatPortfolioTable(fixtureRollUps(), 200, BEFORE_DUE);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(
      /^Produkt\s+Site\s+Niveau\s+Tilstand\s+Styregruppeformand\s+Kommuner\s+Åbne ønsker\s+Topønske\s+Stemmer\s+Medfinansiering\s+Seneste beslutning$/,
    );
    expect(lines).toHaveLength(2 + fixtureRollUps().length + 1);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(200);
    const mo = lines.find((l) => l.startsWith('OS2mo'));
    expect(mo).toMatch(/os2\s+N3\s+Produkt\s+Lars Bech Holm\s+6\s+/);
    // A flagged product keeps its name in the table; what the mark means is said under it.
    expect(lines.find((l) => l.includes('(BORGER)'))).toMatch(/^⚠ OS2borgerpc \(BORGER\)/);
    expect(lines.at(-1)).toBe('⚠ OS2borgerpc (BORGER): kan ikke verificeres');
    // The follow-up markers (issue 15) go in front of the name, like the integrity flag.
    const red = fixtureRollUps().find((r) => r.status?.rag === 'red');
    if (red)
      expect(
        lines.find((l) => l.includes(`(${red.project.key})`) || l.includes(red.name.slice(0, 10))),
      ).toMatch(/● .*RØD/);
    const narrow = formatPortfolioTable(fixtureRollUps(), 100, BEFORE_DUE).split('\n');
    for (const l of narrow) expect([...l].length).toBeLessThanOrEqual(100);
    expect(narrow[0]).not.toContain('Seneste beslutning');
    expect(narrow[0]).toContain('Stemmer');
  });

  it('prints one product on one line for the scenario', () => {
    const mo = fixtureRollUps().find((r) => r.project.key === 'MO')!;
    expect(formatRollUpLine(mo, BEFORE_DUE)).toMatch(
      /^OS2mo – medarbejder og organisation \(MO\) \| N3 · Produkt \| status grøn \|/,
    );
  });

  it('at 80 columns keeps product, level and state, and every flagged row its name', () => {
    const lines = formatPortfolioTable(fixtureRollUps(), 80, BEFORE_DUE).split('\n');
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^Produkt\s+Niveau\s+Tilstand\b/);
    expect(lines.find((l) => l.includes('BORGER'))).toMatch(/^⚠ OS2borgerpc/);
    expect(lines.find((l) => l.startsWith('OS2mo'))).toMatch(/N3\s+Produkt/);
  });

  it('counts terminal columns as terminals draw them: ⚠ one, emoji and wide characters two', () => {
    expect(displayWidth('⚠ OS2')).toBe(5);
    expect(displayWidth('⚠️')).toBe(2);
    expect(displayWidth('🙂 ok')).toBe(5);
    expect(displayWidth('漢字')).toBe(4);
    expect(displayWidth('Åbne ønsker')).toBe(11);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it('fits the progress bar to the terminal, so it redraws in place instead of wrapping', () => {
    for (const columns of [40, 60, 80, 200]) {
      for (const total of [8, 12, 480]) {
        const line = renderBarFitted('Synkroniserer produkter til porteføljen', total - 1, total, columns);
        expect(displayWidth(line), `${columns} columns, ${total} products`).toBeLessThan(columns);
        expect(line).toMatch(new RegExp(`${total - 1}/${total}$`));
      }
    }
    const tty: string[] = [];
    const bar = progressBar('Synkroniserer produkter til porteføljen', {
      write: (s: string) => tty.push(s),
      isTTY: true,
      columns: 50,
    });
    bar.update(11, 12);
    expect(tty[0]!.startsWith('\r') && tty[0]!.endsWith('11/12\x1b[K')).toBe(true);
    expect(displayWidth(tty[0]!.replace('\r', '').replace('\x1b[K', ''))).toBeLessThan(50);
  });

  it('draws a progress bar, in place on a terminal and line by line elsewhere', () => {
    expect(renderBar('Sync', 2, 8, 8)).toBe('Sync [██░░░░░░]  25% 2/8');
    const written: string[] = [];
    const bar = progressBar('Sync', { write: (s: string) => written.push(s), isTTY: false });
    bar.update(0, 4);
    bar.update(0, 4);
    bar.update(4, 4);
    bar.finish('færdig');
    expect(written).toEqual([`${renderBar('Sync', 0, 4)}\n`, `${renderBar('Sync', 4, 4)}\n`, 'færdig\n']);
    const tty: string[] = [];
    const tbar = progressBar('Sync', { write: (s: string) => tty.push(s), isTTY: true });
    tbar.update(1, 2);
    tbar.finish();
    expect(tty).toEqual([`\r${renderBar('Sync', 1, 2)}\x1b[K`, '\n']);
  });
});

describe('shutdown and configuration', () => {
  it('closes in reverse order, once, and reports a failing part', async () => {
    const order: string[] = [];
    const lines: string[] = [];
    const s = new Shutdown();
    s.add('redis', () => {
      order.push('redis');
    });
    s.add('worker', async () => {
      order.push('worker');
      throw new Error('boom');
    });
    s.add('page', () => {
      order.push('page');
    });
    const [a, b] = await Promise.all([s.run((l) => lines.push(l)), s.run((l) => lines.push(l))]);
    expect(order).toEqual(['page', 'worker', 'redis']);
    expect(a).toBe(false);
    expect(b).toBe(false);
    expect(lines).toEqual(['  worker: boom']);
  });

  it('builds the demo configuration through the service parser: own prefix, 127.0.0.1, simulator sites', async () => {
    const config = await demoConfig({
      sites: [
        { name: 'os2', baseUrl: 'http://127.0.0.1:5001', email: 'admin@os2.example.test', apiToken: 't1' },
        {
          name: 'supplier',
          baseUrl: 'http://127.0.0.1:5002',
          email: 'admin@supplier.example.test',
          apiToken: 't2',
        },
      ],
      redisUrl: 'redis://127.0.0.1:6379',
      secret: 'os2-dev-secret',
      env: { OS2_SYNC_PORT: '0' },
    });
    expect(config.http).toMatchObject({ host: '127.0.0.1', port: 0 });
    expect(config.redis.prefix).toMatch(/^\{os2-demo-[0-9a-f]{8}\}$/);
    expect(config.sites.map((s) => [s.name, s.apiToken])).toEqual([
      ['os2', 't1'],
      ['supplier', 't2'],
    ]);
    expect(config.portfolio).toMatchObject({ site: 'os2', projectKey: 'PORT' });
    const other = await demoConfig({
      sites: [{ name: 'os2', baseUrl: 'http://127.0.0.1:5001', email: 'a@b.dk', apiToken: 't' }],
      redisUrl: 'redis://127.0.0.1:6379',
      secret: 'os2-dev-secret',
      env: { OS2_SYNC_PORT: '0', OS2_SYNC_PREFIX: '{mine}' },
    });
    expect(other.redis.prefix).toBe('{mine}');
  });
});

describe('the demo console', () => {
  it('validates a vote like the app does and names the municipality', () => {
    expect(parseVoteCommand(['kitos', '751', '40000'])).toEqual({
      ok: true,
      target: 'KITOS',
      kommunekode: '751',
      municipality: 'Aarhus Kommune',
      amountDkk: 40000,
    });
    expect(parseVoteCommand(['KITOS', '101', '40.000'])).toMatchObject({
      municipality: 'Københavns Kommune',
      amountDkk: 40000,
    });
    expect(parseVoteCommand(['KITOS', '751'])).toMatchObject({ ok: true, municipality: 'Aarhus Kommune' });
    // Never read as "no co-finance" (which would silently withdraw a pledge).
    for (const bad of ['abc', '-5', '1e9', '12,5', '4.00']) {
      const r = parseVoteCommand(['KITOS', '751', bad]);
      expect(r.ok, bad).toBe(false);
    }
    expect(parseVoteCommand(['KITOS', '751', '20000000000'])).toMatchObject({
      ok: false,
      message: 'Beløbet er urealistisk stort',
    });
    expect(parseVoteCommand(['KITOS', '999'])).toMatchObject({
      ok: false,
      message: expect.stringContaining('ikke en kommunekode'),
    });
    expect(parseVoteCommand(['KITOS', '75'])).toMatchObject({
      ok: false,
      message: expect.stringContaining('tre cifre'),
    });
    expect(parseVoteCommand(['KITOS'])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Brug: stem/),
    });
  });
});
