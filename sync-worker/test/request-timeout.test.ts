import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createJiraClient } from '../../src/jira/client.js';
import { getCurrentUser } from '../../src/jira/myself.js';

// A Jira site that accepts the connection and never answers: jira.js sets no timeout of its own, so without
// ours a worker slot would hang on it for minutes.
let silent: Server;
const sockets: Socket[] = [];
beforeAll(async () => {
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

it('a Jira call that gets no answer is abandoned after requestTimeoutMs', async () => {
  const { port } = silent.address() as AddressInfo;
  const jira = createJiraClient({
    site: 'silent',
    baseUrl: `http://127.0.0.1:${port}`,
    email: 'worker@os2.eu',
    apiToken: 't',
    requestTimeoutMs: 300,
  });
  const started = Date.now();
  await expect(getCurrentUser(jira)).rejects.toThrow();
  const took = Date.now() - started;
  expect(took).toBeGreaterThanOrEqual(250);
  expect(took).toBeLessThan(5000);
});
