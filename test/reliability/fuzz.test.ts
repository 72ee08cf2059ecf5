/**
 * Hostile input with fast-check.
 *
 * 1. Resolver payloads (wrong types, huge strings, unknown fields, script tags, random values) sent to every
 *    writing resolver function as a user who is allowed to use it: the answer is always a clear error or a valid
 *    save — never a thrown exception, never INTERNAL — and a refused payload changes nothing in Forge storage.
 * 2. Text shown on the portfolio page (sync-worker/src/portfolio-page) is escaped: roll-ups whose every text
 *    field carries markup render without any of it live in the HTML.
 * 3. The UI (UI Kit, src/frontend) and the page's script never inject HTML (no innerHTML and the like).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RollUpSchema } from '../../src/domain/rollup.js';
import type { RollUp } from '../../src/domain/rollup.js';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { rollUp } from '../../src/domain/roll-up.js';
import { portfolioPagePlugin } from '../../sync-worker/src/portfolio-page/index.js';
import type { ModuleResolverKey } from '../../forge-sim/index.js';
import { featureRequests, startForgeApp } from './forge-harness.js';
import type { ForgeApp } from './forge-harness.js';

const SCRIPTS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</td></tr></table><script>alert(2)</script>',
  '<iframe src="javascript:alert(3)"></iframe>',
  '{{constructor.constructor("alert(4)")()}}',
];
/** Markup that would be live in the page; the page's own `<script src=".../portfolio.js" defer>` is allowed. */
const LIVE_MARKUP = [
  /<script(?!\s+src="[^"]*\/portfolio\.js" defer>)/i,
  /<img\s/i,
  /<svg\s+onload/i,
  /<iframe/i,
];

const hostileString = fc.oneof(
  fc.constantFrom(...SCRIPTS),
  fc
    .tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...SCRIPTS), fc.string({ maxLength: 20 }))
    .map((t) => t.join('')),
  fc.constant('x'.repeat(100_000) + SCRIPTS[0]),
  fc.string({ unit: 'binary', maxLength: 50 }),
);

let app: ForgeApp;
beforeAll(async () => {
  app = await startForgeApp({ featureRequests: 3 });
}, 60_000);
afterAll(() => app?.close());

interface Target {
  module: ModuleResolverKey;
  fn: string;
  as: () => string;
  where: () => { project?: string; issue?: string };
  /** A valid payload; the fuzzer breaks it. */
  template: () => Record<string, unknown>;
  /** Fields that must have their template's type; breaking one makes the payload invalid for sure. */
  required: string[];
}

const kitosMember = () => {
  const code = FIXTURE_PRODUCTS.find((p) => p.record.project.key === 'KITOS')!.record.municipalities[0]!.code;
  return app.voters.get(code)!;
};
const KITOS_FR = () => ({ issue: featureRequests(app.sim, 'KITOS')[0]!.key });
const SEK = () => 'os2-sek-mette';
const BOARD = () => 'os2-bst-lars';
const ADMIN = () => app.sim.site('os2').admin.accountId;
const rev = () =>
  (app.forge.kvs.dump('gov:10002')['gov:10002'] as { revision: number } | undefined)?.revision ?? 0;

const TARGETS: Target[] = [
  {
    module: 'project-page',
    fn: 'transition',
    as: BOARD,
    where: () => ({ project: 'KITOS' }),
    template: () => ({ action: 'changeLevel', expectedRevision: rev(), input: { level: 'N1', reason: 'r' } }),
    required: ['action', 'expectedRevision'],
  },
  {
    module: 'project-page',
    fn: 'edit',
    as: SEK,
    where: () => ({ project: 'KITOS' }),
    template: () => ({
      kind: 'fileStatusReport',
      expectedRevision: rev(),
      input: { progress: 'p', rag: 'green', budgetDkk: 1, spentDkk: 1, forecastDkk: 1 },
    }),
    required: ['kind', 'expectedRevision', 'input'],
  },
  {
    module: 'project-page',
    fn: 'register',
    as: SEK,
    where: () => ({ project: 'KITOS' }),
    template: () => ({ name: 'Nyt' }),
    required: ['name'],
  },
  {
    module: 'issue-panel',
    fn: 'vote',
    as: kitosMember,
    where: KITOS_FR,
    template: () => ({ coFinance: { willing: true, amountDkk: 1000 } }),
    required: ['coFinance'],
  },
  {
    module: 'issue-panel',
    fn: 'openPoll',
    as: SEK,
    where: KITOS_FR,
    template: () => ({ question: 'Q', alternatives: ['A', 'B'], deadline: '2099-01-01' }),
    required: ['question', 'alternatives', 'deadline'],
  },
  {
    module: 'issue-panel',
    fn: 'answerPoll',
    as: kitosMember,
    where: KITOS_FR,
    template: () => ({ pollId: 'p1', option: 'a1', coFinance: { willing: false } }),
    required: ['pollId', 'option', 'coFinance'],
  },
  {
    module: 'issue-panel',
    fn: 'closePoll',
    as: SEK,
    where: KITOS_FR,
    template: () => ({ pollId: 'p1' }),
    required: ['pollId'],
  },
  {
    module: 'admin-page',
    fn: 'saveDirectory',
    as: ADMIN,
    where: () => ({}),
    template: () => ({
      entries: [{ group: 'kommune-101', municipality: { name: 'København', code: '101' } }],
    }),
    required: ['entries'],
  },
  {
    module: 'admin-page',
    fn: 'saveRoles',
    as: ADMIN,
    where: () => ({}),
    template: () => ({ secretariatGroup: 'os2-sekretariat', boardGroup: 'os2-bestyrelse' }),
    required: ['secretariatGroup', 'boardGroup'],
  },
  {
    module: 'admin-page',
    fn: 'saveSync',
    as: ADMIN,
    where: () => ({}),
    template: () => ({ url: 'https://sync.os2.example/events' }),
    required: ['url'],
  },
];

/** A value of another type than `v`. */
const otherType = (v: unknown): fc.Arbitrary<unknown> => {
  const options: fc.Arbitrary<unknown>[] = [fc.constant(null)];
  if (typeof v !== 'number') options.push(fc.double());
  if (typeof v !== 'string') options.push(hostileString);
  if (typeof v !== 'boolean') options.push(fc.boolean());
  options.push(
    Array.isArray(v) ? fc.dictionary(fc.string(), fc.string()) : fc.array(fc.anything(), { maxLength: 3 }),
  );
  return fc.oneof(...options);
};

type Case = { kind: 'invalid' | 'any'; payload: unknown };

function casesFor(t: Target): fc.Arbitrary<Case> {
  const base = t.template();
  const wrongType = fc.constantFrom(...t.required).chain((field) =>
    otherType(base[field]).map((v) => ({
      kind: 'invalid' as const,
      payload: { ...t.template(), [field]: v },
    })),
  );
  const huge = fc.constantFrom(...t.required).map((field) => ({
    kind: 'invalid' as const,
    payload: { ...t.template(), [field]: 'x'.repeat(200_000) + SCRIPTS[0] },
  }));
  const missing = fc.constantFrom(...t.required).map((field) => {
    const p: Record<string, unknown> = t.template();
    delete p[field];
    return { kind: 'invalid' as const, payload: p };
  });
  const unknownFields = fc
    .dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.oneof(hostileString, fc.anything()), {
      maxKeys: 4,
    })
    .map((extra) => ({ kind: 'any' as const, payload: { ...extra, ...t.template() } }));
  const scripts = fc
    .constantFrom(...t.required)
    .chain((field) =>
      hostileString.map((s) => ({ kind: 'any' as const, payload: { ...t.template(), [field]: s } })),
    );
  const random = fc.anything().map((payload) => ({ kind: 'any' as const, payload }));
  return fc.oneof(wrongType, huge, missing, unknownFields, scripts, random);
}

function restore(snapshot: Record<string, unknown>) {
  const kvs = app.forge.kvs;
  for (const key of Object.keys(kvs.dump())) if (!(key in snapshot)) kvs.handle('/api/v1/delete', { key });
  for (const [key, value] of Object.entries(snapshot)) kvs.handle('/api/v1/set', { key, value });
}

const stats = { runs: 0, refused: 0, accepted: 0, codes: new Map<string, number>() };
afterAll(() =>
  console.info(
    `[reliability] resolver fuzzing: ${stats.runs} payloads over ${TARGETS.length} functions, ` +
      `${stats.refused} refused with a clear error, ${stats.accepted} accepted (valid after all); ` +
      `codes: ${[...stats.codes].map(([c, n]) => `${c}×${n}`).join(', ')}`,
  ),
);

describe('fuzzed resolver payloads', () => {
  it.each(TARGETS.map((t) => [`${t.module}.${t.fn}`, t] as const))(
    '%s: a clear error or a valid save; a refusal changes no stored data',
    async (_name, t) => {
      await fc.assert(
        fc.asyncProperty(casesFor(t), async (c) => {
          const before = app.forge.kvs.dump();
          try {
            const answer = await app.forge.invoke(t.module, t.fn, c.payload as Record<string, unknown>, {
              accountId: t.as(),
              ...t.where(),
            });
            stats.runs++;
            expect(typeof answer.ok).toBe('boolean');
            if (answer.ok) {
              expect(
                c.kind,
                `accepted a payload that cannot be valid: ${JSON.stringify(c.payload).slice(0, 200)}`,
              ).toBe('any');
              stats.accepted++;
            } else {
              stats.refused++;
              const code = answer.error!.code;
              stats.codes.set(code, (stats.codes.get(code) ?? 0) + 1);
              expect(code).not.toBe('INTERNAL');
              expect(answer.error!.message).toMatch(/\S/);
              expect(app.forge.kvs.dump()).toEqual(before);
            }
          } finally {
            restore(before);
          }
        }),
        { numRuns: Number(process.env.OS2_REL_FUZZ_RUNS ?? 30), seed: 20261123 },
      );
    },
    120_000,
  );
});

describe('escaping', () => {
  const base: RollUp = rollUp({
    site: 'os2',
    record: FIXTURE_PRODUCTS[0]!.record,
    decisions: FIXTURE_PRODUCTS[0]!.decisions,
    integrity: 'verified',
    openRequests: 3,
    topRequests: [{ key: 'MO-1', summary: 'ok', votes: 3, coFinanceWilling: 1, coFinanceTotalDkk: 1000 }],
  });
  const short = hostileString.map((s) => s.slice(0, 200));

  it('the portfolio page escapes every text field of a roll-up', async () => {
    const page = Fastify({ logger: false });
    let current: RollUp[] = [base];
    await page.register(portfolioPagePlugin, { listRollUps: async () => current, cacheMs: 0, refreshMs: 0 });
    await page.ready();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(short, short, short, short, short, short),
          async ([name, summary, chair, leader, decision, municipality]) => {
            const hostile = RollUpSchema.safeParse({
              ...base,
              name,
              projectLeader: leader,
              steering: { ...base.steering, chair },
              municipalities: [{ code: '101', name: municipality }],
              topRequests: [{ ...base.topRequests[0]!, summary }],
              decisions: base.decisions.map((d) => ({ ...d, summary: decision, decidedBy: chair })),
              status: base.status ? { ...base.status, progress: decision } : undefined,
            });
            fc.pre(hostile.success);
            current = [hostile.data!];
            for (const url of [
              '/portfolio',
              '/portfolio?lang=en',
              `/portfolio/os2/${base.project.id}`,
              `/portfolio?q=${encodeURIComponent(SCRIPTS[0]!)}`,
            ]) {
              const res = await page.inject({ method: 'GET', url });
              expect(res.statusCode).toBe(200);
              for (const live of LIVE_MARKUP) expect(res.body, `${url}: ${live}`).not.toMatch(live);
            }
          },
        ),
        { numRuns: 40, seed: 42 },
      );
    } finally {
      await page.close();
    }
  }, 120_000);

  it('the UI and the page script never inject HTML', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(tsx?|jsx?)$/.test(f)) files.push(p);
      }
    };
    walk(join(root, 'src/frontend'));
    walk(join(root, 'sync-worker/src/portfolio-page'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(
        /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write/,
      );
    }
  });
});
