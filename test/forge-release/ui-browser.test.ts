/**
 * Each built UI Kit resource (dist/ui/<resource>/index.html, from `npm run package`) loads in headless Chromium
 * and renders its real content with no console error.
 *
 * In Jira a UI Kit resource runs in a sandboxed iframe and talks to the host through `window.__bridge.callBridge`:
 * `getContext`, `invoke` (the resolver) and `reconcile`, with which @forge/react hands the host the rendered
 * element tree (the forgeDoc) that Jira then draws natively. Here a fake bridge plays the host: `getContext`
 * answers the module's context, `invoke` calls the real resolver (the built function bundle,
 * dist/functions/resolvers/index.cjs) through the local Forge runtime against the Jira simulator, and
 * `reconcile` keeps the latest forgeDoc, whose text is asserted. What Jira's own renderer makes of the tree cannot
 * be reproduced offline; that the bundle boots, fetches and renders the page's real data can.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_REQUEST_TYPE, startJiraSim, type JiraSim } from '../../jira-sim/index.js';
import {
  startForgeRuntime,
  type ForgeRuntime,
  type InvokeOptions,
  type ModuleResolverKey,
} from '../../forge-sim/index.js';
import { SECRET, SECRETARIAT, membersOf, product } from '../forge-app/helpers.js';

const require = createRequire(import.meta.url);
const DIST = join(process.cwd(), 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
];

let sim: JiraSim;
let forge: ForgeRuntime;
let browser: Browser;
let server: Server;
let base: string;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.txt': 'text/plain',
};

beforeAll(async () => {
  if (!existsSync(join(DIST, 'ui')) || !existsSync(join(DIST, 'functions', 'resolvers', 'index.cjs')))
    throw new Error('dist/ is missing: run `npm run package` first');
  sim = await startJiraSim({
    sites: [{ name: 'os2' }],
    secret: SECRET,
    seed: { featureRequestsPerProduct: 2, bugsPerProduct: 1, tasksPerProduct: 1 },
  });
  forge = await startForgeRuntime({
    jiraSim: sim,
    siteName: 'os2',
    secret: SECRET,
    handlers: {
      resolvers: require(join(DIST, 'functions', 'resolvers', 'index.cjs')) as Record<string, unknown>,
      triggers: require(join(DIST, 'functions', 'triggers', 'index.cjs')) as Record<string, unknown>,
      consumers: require(join(DIST, 'functions', 'consumers', 'index.cjs')) as Record<string, unknown>,
    },
  });
  // dist/ui over HTTP, as Forge serves a resource's files from one origin.
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    // Chromium asks a top-level page for /favicon.ico; a resource in Jira's iframe does not.
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = join(DIST, 'ui', path);
    if (!file.startsWith(join(DIST, 'ui')) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await forge?.close();
  await sim?.close();
});

function featureRequest(projectKey: string): string {
  const state = sim.site('os2').state;
  const project = state.resolveProject(projectKey)!;
  const types = state.projectIssueTypes(project);
  const issue = [...state.issues.values()].find(
    (i) =>
      i.projectId === project.id &&
      !i.deleted &&
      types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
  );
  return issue!.key;
}

/** Loads a built resource with the fake host bridge; answers the text of the rendered tree once `expected` shows. */
async function renderResource(
  resource: string,
  module: ModuleResolverKey,
  opts: InvokeOptions,
  expected: string,
): Promise<{ text: string; errors: string[]; invoked: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const invoked: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  await page.exposeFunction('__hostBridge', async (name: string, json: string) => {
    const payload = JSON.parse(json) as { functionKey?: string; payload?: Record<string, unknown> } | null;
    if (name === 'getContext')
      return JSON.stringify({
        ...forge.contextFor(module, opts),
        locale: opts.locale ?? 'da_DK',
        accountId: opts.accountId,
      });
    if (name === 'invoke') {
      invoked.push(payload!.functionKey!);
      return JSON.stringify(await forge.invoke(module, payload!.functionKey!, payload!.payload ?? {}, opts));
    }
    return JSON.stringify(null);
  });
  await page.addInitScript(() => {
    const w = window as unknown as {
      __bridge: unknown;
      __forgeDoc: unknown;
      __hostBridge: (name: string, json: string) => Promise<string>;
    };
    w.__bridge = {
      callBridge: async (name: string, payload: unknown) => {
        // The host draws the tree; here it is kept for the assertions (it holds functions: not sent to Node).
        if (name === 'reconcile') {
          w.__forgeDoc = (payload as { forgeDoc: unknown }).forgeDoc;
          return undefined;
        }
        if (name === 'onError') return undefined;
        const answer = await w.__hostBridge(name, JSON.stringify(payload ?? null));
        return JSON.parse(answer) as unknown;
      },
    };
  });
  try {
    await page.goto(`${base}/${resource}/index.html`);
    const textOfTree = () =>
      page.evaluate(() => {
        const out: string[] = [];
        const walk = (n: unknown) => {
          if (!n || typeof n !== 'object') return;
          const node = n as { type?: string; props?: Record<string, unknown>; children?: unknown[] };
          if (node.type === 'String' && typeof node.props?.text === 'string') out.push(node.props.text);
          for (const key of ['label', 'title', 'content', 'text'])
            if (node.type !== 'String' && typeof node.props?.[key] === 'string')
              out.push(node.props[key] as string);
          for (const c of node.children ?? []) walk(c);
        };
        walk((window as unknown as { __forgeDoc?: unknown }).__forgeDoc);
        return out.join(' ');
      });
    let text = '';
    for (let i = 0; i < 150 && !text.includes(expected); i++) {
      await page.waitForTimeout(200);
      text = await textOfTree();
    }
    return { text, errors, invoked };
  } finally {
    await page.close();
  }
}

describe('each built UI Kit resource renders in Chromium', () => {
  const admin = () => sim.site('os2').admin.accountId;
  const voter = () => membersOf(product('MO').record.municipalities[0]!.code)[0]!.accountId;

  it('project page: the governance record of the product, in Danish', async () => {
    const name = product('MO').record.name;
    const r = await renderResource(
      'project-page',
      'project-page',
      { accountId: SECRETARIAT, project: 'MO' },
      name,
    );
    expect(r.errors).toEqual([]);
    expect(r.invoked).toContain('load');
    expect(r.text).toContain(name);
  });

  it('project settings page: the OS2 standard issue types', async () => {
    const r = await renderResource(
      'settings-page',
      'settings-page',
      { accountId: 'pl-mo-kristian', project: 'MO' },
      'Udviklingsønske',
    );
    expect(r.errors).toEqual([]);
    expect(r.text).toContain('OS2-standard for sagstyper');
  });

  it('issue panel: the votes of the municipalities, in English for an English user', async () => {
    const r = await renderResource(
      'issue-panel',
      'issue-panel',
      { accountId: voter(), issue: featureRequest('MO'), locale: 'en_US' },
      "Municipalities' votes",
    );
    expect(r.errors).toEqual([]);
    expect(r.text).toContain("Municipalities' votes");
  });

  it('issue context (the vote count)', async () => {
    const r = await renderResource(
      'issue-glance',
      'issue-panel',
      { accountId: voter(), issue: featureRequest('MO') },
      'stemme',
    );
    expect(r.errors).toEqual([]);
    expect(r.invoked).toEqual(['glance']);
    expect(r.text).toMatch(/\d+ stemme/);
  });

  it('global page: the portfolio (empty on a site without roll-ups)', async () => {
    const r = await renderResource('global-page', 'global-page', { accountId: SECRETARIAT }, 'portefølje');
    expect(r.errors).toEqual([]);
    expect(r.text).toContain('OS2 portefølje');
  });

  it('admin page: the settings, for the Jira administrator', async () => {
    const r = await renderResource('admin-page', 'admin-page', { accountId: admin() }, 'Kommunekatalog');
    expect(r.errors).toEqual([]);
    expect(r.text).toContain('Kommunekatalog');
  });
});
