// The local Forge runtime's web triggers, as Forge documents them (web trigger events reference): the function
// gets `{ method, headers: { name: [values] }, body, path, queryParameters }` and no user; an answer that is not
// `{ statusCode, headers?, body? }` (headers as arrays of strings, body a string) is a 500, and so is a function
// that runs past the time limit.
import { afterEach, describe, expect, it } from 'vitest';
import { startJiraSim, type JiraSim } from '../../jira-sim/index.js';
import { startForgeRuntime, type ForgeRuntime, type WebTriggerRequest } from '../index.js';

let sim: JiraSim | undefined;
let forge: ForgeRuntime | undefined;
afterEach(async () => {
  await forge?.close();
  await sim?.close();
});

async function withTrigger(fn: (req: WebTriggerRequest) => Promise<unknown>, timeoutMs?: number) {
  sim = await startJiraSim({ sites: [{ name: 'os2' }], seed: { featureRequestsPerProduct: 0 } });
  forge = await startForgeRuntime({
    jiraSim: sim,
    siteName: 'os2',
    seed: false,
    handlers: {
      resolvers: await import('../../src/resolvers/index.js'),
      triggers: await import('../../src/triggers/index.js'),
      consumers: await import('../../src/consumers/index.js'),
      webtriggers: { onImport: fn },
    },
    ...(timeoutMs ? { webTriggerTimeoutMs: timeoutMs } : {}),
  });
  return forge;
}

describe('forge-sim web triggers', () => {
  it('hands the function the HTTP request in Forge’s shape and sends its answer back', async () => {
    let seen: WebTriggerRequest | undefined;
    const f = await withTrigger(async (req) => {
      seen = req;
      return { statusCode: 201, headers: { 'X-Echo': [req.body] }, body: 'ok' };
    });
    const url = await f.webTriggerUrl('os2-import');
    const res = await fetch(`${url}?a=1&a=2`, {
      method: 'POST',
      body: 'hej',
      headers: { 'X-Os2-Timestamp': '1' },
    });
    expect([res.status, res.headers.get('x-echo'), await res.text()]).toEqual([201, 'hej', 'ok']);
    expect(seen).toMatchObject({
      method: 'POST',
      body: 'hej',
      path: '/x1/local-os2-import',
      queryParameters: { a: ['1', '2'] },
      headers: { 'x-os2-timestamp': ['1'] },
    });
    expect((await fetch(url.replace('local-os2-import', 'nope'), { method: 'POST' })).status).toBe(404);
  });

  it('answers 500 for an answer Forge cannot send, a throw, or a function past the time limit', async () => {
    const answers: unknown[] = [
      { statusCode: '200' },
      { statusCode: 200, body: { not: 'a string' } },
      undefined,
    ];
    const f = await withTrigger(async () => {
      const a = answers.shift();
      if (a === undefined) throw new Error('boom');
      return a;
    }, 100);
    for (let i = 0; i < 3; i++) expect((await f.webTrigger('os2-import', {})).statusCode).toBe(500);
    await f.close();
    await sim!.close();
    const slow = await withTrigger(
      () => new Promise((r) => setTimeout(() => r({ statusCode: 200 }), 1_000)),
      100,
    );
    expect((await slow.webTrigger('os2-import', {})).statusCode).toBe(500);
    forge = slow;
  });
});
