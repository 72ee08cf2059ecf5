#!/usr/bin/env node
// The os2-sync command: runs the sync service's CLI (sync-worker/src/cli.ts) in this process, with tsx
// registered as the TypeScript loader, so no build step is needed and SIGTERM/SIGINT reach the service's
// own handlers directly (graceful shutdown), with no wrapper process in between.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.js');
try {
  const code = await main(process.argv.slice(2));
  process.exit(code);
} catch (err) {
  process.stderr.write(`os2-sync: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
