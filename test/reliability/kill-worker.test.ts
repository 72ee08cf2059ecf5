/**
 * kill -9 of a worker process in the middle of a sync. The worker runs in a child process (worker-child.ts, the
 * real service); issue creation in the portfolio project is slowed down so that the kill lands while portfolio
 * issues are being created. Another worker (this process) then takes over the stalled jobs once their locks
 * expire, completes them, and the portfolio ends with exactly one correct issue per product.
 *
 * Timing: the job lock and the stalled-job check are configured short here (jobs.lockDurationMs 5 s,
 * jobs.stalledIntervalMs 2 s; production keeps BullMQ's 30 s), so a killed worker's jobs are taken over within
 * seconds. The test waits for that real mechanism rather than deleting locks by hand.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Job } from 'bullmq';
import {
  Cleanup,
  cleanupPrefix,
  configFor,
  configParts,
  expectPortfolioCorrect,
  failedJobs,
  portfolioIssues,
  PRODUCTS,
  startService,
  startSim,
  uniquePrefix,
  waitFor,
  waitIdle,
} from './harness.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

const CHILD = fileURLToPath(new URL('./worker-child.ts', import.meta.url));

function startChild(configPath: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, configPath], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker child did not start: ${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker child exited with ${code}: ${err}`));
    });
  });
}

describe('kill -9 of a worker process mid-sync', () => {
  it('the stalled jobs are taken over by another worker and complete; no duplicate portfolio issue', async () => {
    const sim = await startSim();
    cleanup.add(() => sim.close());
    const prefix = uniquePrefix();
    cleanup.add(() => cleanupPrefix(prefix));
    const jobs = {
      attempts: 8,
      backoffMs: 100,
      defaultRateLimitMs: 1000,
      keepFailed: 1000,
      debounceMs: 0,
      lockDurationMs: 5000,
      stalledIntervalMs: 2000,
    };
    const { file, env } = configParts(sim, prefix, { jobs });
    const dir = mkdtempSync(join(tmpdir(), 'os2rel-kill-'));
    cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'config.json'), JSON.stringify(file));

    // Creating a portfolio issue takes 4 s: the kill lands while creates are under way.
    sim.site('os2').injectFault({ route: 'POST /rest/api/3/issue', latencyMs: 4000 });
    const child = await startChild(join(dir, 'config.json'), env);
    cleanup.add(() => child.kill('SIGKILL'));

    // A producer (no workers) enqueues every product.
    const producer = await startService(configFor(sim, prefix, { jobs }), { workers: false, http: false });
    cleanup.add(() => producer.close());
    await Promise.all(PRODUCTS.map((p) => producer.enqueueSync(p.site, p.projectId)));

    await waitFor(
      () => sim.site('os2').callCount('POST /rest/api/3/issue') >= 2,
      'creates under way',
      20_000,
    );
    const active: Job[] = [];
    for (const q of producer.queues.all()) active.push(...(await q.getActive()));
    expect(active.length).toBeGreaterThan(0);
    expect(active.some((j) => j.name === 'portfolio-write')).toBe(true);

    child.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((r) => child.once('exit', r));
    // The creates the dead worker sent still land in Jira (the site finishes them after the latency).
    sim.site('os2').clearFaults();

    const rescuer = await startService(configFor(sim, prefix, { jobs }), { http: false });
    cleanup.add(() => rescuer.close());
    const states = await waitFor(
      async () => {
        const s = await Promise.all(
          active.map(async (j) => {
            const again = await producer.queues
              .all()
              .find((q) => q.name === j.queueName)!
              .getJob(j.id!);
            return again ? await again.getState() : 'missing';
          }),
        );
        return s.every((x) => x === 'completed') ? s : undefined;
      },
      'the stalled jobs to complete',
      150_000,
      1000,
    );
    const takenOverMs = Date.now() - killedAt;
    expect(states).toEqual(active.map(() => 'completed'));
    await waitIdle(rescuer, 30_000);
    expect(await failedJobs(rescuer)).toBe(0);
    await expectPortfolioCorrect(sim);
    console.info(
      `[reliability] kill -9: ${active.length} jobs active at the kill (${active.filter((j) => j.name === 'portfolio-write').length} portfolio writes), ` +
        `all completed by another worker ${takenOverMs} ms later; creates=${sim.site('os2').callCount('POST /rest/api/3/issue')} ` +
        `issues=${portfolioIssues(sim).length}`,
    );
  }, 210_000);
});
