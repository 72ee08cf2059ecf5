// The app's os2-app-data web trigger (issue 15 item 5) in the local Forge runtime against the Jira simulator: a
// signed request for a product's history gets the project page's own timeline in Danish and English, signed so
// the service can check it; anything unsigned, mis-purposed or unknown is refused and nothing is answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, BOARD, SECRET, SECRETARIAT, person, product } from './helpers.js';
import { signEventBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../src/events/change-event.js';
import {
  APP_DATA_PURPOSE,
  HistoryAnswerSchema,
  verifyAppDataAnswer,
  type AppDataAnswer,
} from '../../src/events/app-data.js';
import { IMPORT_PURPOSE } from '../../src/import/wire.js';
import type { HistoryData } from '../../src/resolvers/project-page.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ sim, forge, close } = await startApp({ featureRequests: 0 }));
});
afterAll(async () => close());

const NONCE = '0123456789abcdef0123456789abcdef';
const signed = (body: string, secret = SECRET) => {
  const ts = Math.floor(Date.now() / 1000);
  return {
    method: 'POST',
    headers: {
      'Content-Type': ['application/json'],
      [TIMESTAMP_HEADER]: [String(ts)],
      [SIGNATURE_HEADER]: [signEventBody(body, ts, secret)],
    },
    body,
  };
};
const ask = (input: Record<string, unknown>, op = 'history', secret = SECRET) =>
  forge.webTrigger(
    'os2-app-data',
    signed(JSON.stringify({ purpose: APP_DATA_PURPOSE, op, nonce: NONCE, ...input }), secret),
  );

describe('the os2-app-data web trigger: history', () => {
  it('answers the project page’s timeline in both languages, signed over what was asked', async () => {
    const mo = product('MO').record.project.id;
    const res = await ask({ projectId: mo });
    expect(res.statusCode).toBe(200);
    const answer = JSON.parse(res.body) as AppDataAnswer;
    const check = verifyAppDataAnswer(answer, { op: 'history', input: { projectId: mo }, nonce: NONCE }, [
      SECRET,
    ]);
    expect(check.ok).toBe(true);
    const data = HistoryAnswerSchema.parse(answer.data);
    expect(data.revision).toBe(product('MO').record.revision);
    // The same entries, in the same words, as the project page's history shows a Danish and an English user.
    for (const locale of ['da', 'en'] as const) {
      const page = (
        await forge.invoke<HistoryData>(
          'project-page',
          'history',
          {},
          { accountId: BOARD, project: 'MO', locale },
        )
      ).data!;
      expect(
        data.entries.map((e) => ({
          kind: e.kind,
          at: e.at,
          by: e.by,
          title: e.title[locale],
          lines: e.lines[locale],
        })),
      ).toEqual(page.map((e) => ({ kind: e.kind, at: e.at, by: e.by, title: e.title, lines: e.lines })));
    }
    expect(data.entries.filter((e) => e.kind === 'decision')).toHaveLength(product('MO').decisions.length);
    // Another product's answer, or this one for another request, does not pass for this request.
    expect(
      verifyAppDataAnswer(answer, { op: 'history', input: { projectId: '1' }, nonce: NONCE }, [SECRET]),
    ).toEqual({ ok: false, reason: 'subject' });
    expect(
      verifyAppDataAnswer(answer, { op: 'history', input: { projectId: mo }, nonce: 'f'.repeat(32) }, [
        SECRET,
      ]),
    ).toEqual({ ok: false, reason: 'subject' });
  });

  it('marks decisions imported at admission, and answers an ungoverned project with no entries', async () => {
    const site = sim.site('os2');
    site.state.addProject({ id: '10961', key: 'ADMD', name: 'Optaget', leadAccountId: site.admin.accountId });
    expect((await ask({ projectId: '10961' })).body).toContain('"entries":[]');
    const admitted = await forge.invoke(
      'project-page',
      'admit',
      {
        input: {
          name: 'OS2optaget',
          level: 'N1',
          state: 'product',
          origin: 'external',
          developedBy: 'Aarhus Kommune',
          municipalities: ['751'],
          history: [
            {
              kind: 'become_product',
              body: 'steering_group',
              decidedAt: '2019-05-02',
              decidedBy: { displayName: 'Styregruppen i Aarhus' },
              summary: 'Sat i drift i Aarhus',
            },
          ],
        },
      },
      { accountId: SECRETARIAT, project: 'ADMD' },
    );
    expect(admitted.ok, JSON.stringify(admitted)).toBe(true);
    const data = HistoryAnswerSchema.parse(
      (JSON.parse((await ask({ projectId: '10961' })).body) as AppDataAnswer).data,
    );
    expect(data.revision).toBe(1);
    const old = data.entries.find((e) => e.lines.da.includes('Sat i drift i Aarhus'))!;
    expect(old).toMatchObject({ kind: 'decision', imported: true, by: 'Styregruppen i Aarhus' });
    expect(old.lines.en.some((l) => l.includes(person(SECRETARIAT).displayName))).toBe(true);
    expect(data.entries.filter((e) => e.imported)).toHaveLength(1);
  });

  it('refuses an unsigned or wrongly signed request, an import’s body, an unknown op and a bad input', async () => {
    const body = JSON.stringify({ purpose: APP_DATA_PURPOSE, op: 'history', nonce: NONCE, projectId: '1' });
    const unsigned = await forge.webTrigger('os2-app-data', { method: 'POST', headers: {}, body });
    expect([unsigned.statusCode, JSON.parse(unsigned.body).reason]).toEqual([401, 'missing']);
    expect((await ask({ projectId: '1' }, 'history', 'another-secret-0123456789')).statusCode).toBe(401);
    // A validly signed import request is not a data request (the purpose binds the signature to its use).
    const asImport = await forge.webTrigger(
      'os2-app-data',
      signed(JSON.stringify({ purpose: IMPORT_PURPOSE, mode: 'dry-run', text: 'x' })),
    );
    expect(asImport.statusCode).toBe(400);
    const unknown = await ask({ projectId: '1' }, 'secrets');
    expect([unknown.statusCode, JSON.parse(unknown.body).error]).toEqual([400, 'UNKNOWN_OP']);
    expect((await ask({ projectId: '1', extra: true })).statusCode).toBe(400);
    expect((await ask({ projectId: 'MO' })).statusCode).toBe(400);
    expect(
      (await forge.webTrigger('os2-app-data', { method: 'GET', headers: {}, body: '' })).statusCode,
    ).toBe(405);
  });
});
