import { Writable } from 'node:stream';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { cleanupPrefix, postEvent, SECRET, startService, startSim, testConfig, waitIdle } from './helpers.js';

it('logs are JSON lines; job lines carry jobId, site and project; no secret is ever logged', async () => {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) {
        raw.push(l);
        lines.push(JSON.parse(l) as Record<string, unknown>);
      }
      done();
    },
  });
  const sim = await startSim();
  const config = testConfig(sim);
  const service = await startService(config, { logger: pino({ level: 'debug' }, stream) });
  try {
    sim
      .site('supplier')
      .injectFault({ route: 'POST /rest/api/3/search/approximate-count', status: 503, count: 1 });
    const res = await postEvent(service.address!, {
      kind: 'governance',
      siteUrl: sim.site('supplier').baseUrl,
      projectId: '10004',
      occurredAt: new Date().toISOString(),
    });
    expect(res.status).toBe(202);
    await waitIdle(service);
  } finally {
    await service.close();
    await sim.close();
    await cleanupPrefix(config.redis.prefix);
  }
  const jobLines = lines.filter((l) => 'jobId' in l);
  expect(jobLines.length).toBeGreaterThanOrEqual(3); // retry warning, sync, portfolio write
  for (const l of jobLines) {
    expect(l).toMatchObject({ site: 'supplier', project: '10004' });
    expect(typeof l.jobId).toBe('string');
  }
  expect(jobLines.some((l) => l.msg === 'Porteføljesag skrevet')).toBe(true);
  expect(
    lines.some((l) => l.msg === 'Hændelse modtaget; synkronisering sat i kø' && l.site === 'supplier'),
  ).toBe(true);
  const all = raw.join('\n');
  for (const s of config.sites) expect(all).not.toContain(s.apiToken);
  expect(all).not.toContain(SECRET);
});
