/**
 * A sync worker in a process of its own, for the kill -9 test (kill-worker.test.ts): the real service
 * (sync-worker/src/service.ts) with workers, no HTTP and no schedulers, configured by the JSON file named on the
 * command line and the environment. Prints "ready <pid>" once it takes jobs.
 *
 *   node --import tsx test/reliability/worker-child.ts <config.json>
 */
import { loadConfig } from '../../sync-worker/src/config.js';
import { startSyncService } from '../../sync-worker/src/service.js';
import { pino } from 'pino';

const config = loadConfig(process.argv[2]);
await startSyncService(config, {
  logger: pino({ level: process.env.TEST_LOG ?? 'silent' }),
  http: false,
  schedulers: false,
});
process.stdout.write(`ready ${process.pid}\n`);
