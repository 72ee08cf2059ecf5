/** Shared set-up of the Forge app tests: the Jira simulator, the local Forge runtime, an event receiver. */
import { createServer, type Server } from 'node:http';
import { startJiraSim, type JiraSim } from '../../jira-sim/index.js';
import { startForgeRuntime, type ForgeRuntime } from '../../forge-sim/index.js';
import { verifyEventSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../src/events/change-event.js';
import { FIXTURE_PEOPLE, FIXTURE_PRODUCTS } from '../../demo/fixtures.js';

export const SECRET = 'test-secret-0123456789';

export interface ReceivedEvent {
  body: Record<string, unknown>;
  verified: boolean;
}

export async function eventReceiver(
  status = 202,
): Promise<{ url: string; events: ReceivedEvent[]; close(): Promise<void> }> {
  const events: ReceivedEvent[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const check = verifyEventSignature(
        text,
        req.headers[TIMESTAMP_HEADER] as string | undefined,
        req.headers[SIGNATURE_HEADER] as string | undefined,
        SECRET,
      );
      events.push({ body: JSON.parse(text) as Record<string, unknown>, verified: check.ok });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/events`,
    events,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export async function startApp(opts: { syncUrl?: string; featureRequests?: number } = {}): Promise<{
  sim: JiraSim;
  forge: ForgeRuntime;
  close(): Promise<void>;
}> {
  const sim = await startJiraSim({
    sites: [{ name: 'os2' }],
    secret: SECRET,
    seed: { featureRequestsPerProduct: opts.featureRequests ?? 4, bugsPerProduct: 1, tasksPerProduct: 1 },
  });
  const forge = await startForgeRuntime({
    jiraSim: sim,
    siteName: 'os2',
    secret: SECRET,
    syncUrl: opts.syncUrl,
    // An async event's retryAfter of 30 s takes 60 ms here.
    asyncEventSecondMs: 2,
  });
  return {
    sim,
    forge,
    close: async () => {
      await forge.close();
      await sim.close();
    },
  };
}

export const person = (accountId: string) => {
  const p = FIXTURE_PEOPLE.find((x) => x.accountId === accountId);
  if (!p) throw new Error(`No fixture person ${accountId}`);
  return p;
};
export const SECRETARIAT = 'os2-sek-mette';
export const BOARD = 'os2-bst-lars';
export const product = (key: string) => FIXTURE_PRODUCTS.find((p) => p.record.project.key === key)!;
/** Fixture people who are members of a municipality's group (and nothing else). */
export const membersOf = (code: string) =>
  FIXTURE_PEOPLE.filter(
    (p) => p.municipality === code && p.roles.length === 1 && p.roles[0] === 'municipality_member',
  );
