/**
 * Indexed entity properties as Jira indexes them: only the paths the app declares in `jira:entityProperty`
 * modules of manifest.yml, with the declared type's semantics, and each `searchAlias` usable as a JQL field.
 * Through HTTP with jira.js (`onSchemaMismatch: 'throw'`), against a simulator that read the real manifest.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudClient } from 'jira.js';
import { appIndexedPaths, startJiraSim } from '../index.js';
import type { IndexedPath, JiraSim } from '../index.js';
import { APP_MANIFEST, indexedPathsOf } from '../indexing.js';

let sim: JiraSim;
const PROBE: IndexedPath[] = [
  { entityType: 'issue', propertyKey: 'probe', path: 'words', type: 'text' },
  { entityType: 'issue', propertyKey: 'probe', path: 'when', type: 'date', searchAlias: 'probeWhen' },
  { entityType: 'issue', propertyKey: 'probe', path: 'who', type: 'user' },
];
beforeAll(async () => {
  sim = await startJiraSim({
    sites: [{ name: 'os2' }],
    seed: { featureRequestsPerProduct: 12 },
    indexLagMs: 0,
  });
});
afterAll(async () => {
  await sim.close();
});

const jira = () =>
  createCloudClient({
    host: sim.site('os2').baseUrl,
    auth: { type: 'basic', email: sim.site('os2').admin.email, apiToken: sim.site('os2').admin.apiToken },
    onSchemaMismatch: 'throw',
  });

async function keys(jql: string): Promise<string[]> {
  const page = await jira().issueSearch.searchAndReconsileIssuesUsingJqlPost({
    jql,
    fields: ['summary'],
    maxResults: 100,
  });
  return (page.issues ?? []).map((i) => String(i.key));
}

async function status(jql: string): Promise<{ status: number; messages: unknown }> {
  const res = await fetch(`${sim.site('os2').baseUrl}/rest/api/3/search/jql`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${sim.site('os2').admin.email}:${sim.site('os2').admin.apiToken}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ jql }),
  });
  return { status: res.status, messages: ((await res.json()) as { errorMessages?: unknown }).errorMessages };
}

/** Sets a property on an issue straight in the state (the test is about search, not about the write). */
function setProp(key: string, property: string, value: unknown): void {
  const st = sim.site('os2').state;
  st.setIssueProperty(st.issuesByKey.get(key)!, property, value);
}

describe('declared-only indexing', () => {
  it('reads the declarations from manifest.yml: paths, types and aliases', () => {
    const paths = appIndexedPaths();
    expect(paths).toEqual(indexedPathsOf(readFileSync(APP_MANIFEST, 'utf8')));
    expect(paths).toContainEqual({
      entityType: 'issue',
      propertyKey: 'os2-votes',
      path: 'count',
      type: 'number',
      searchAlias: 'os2Votes',
    });
    expect(paths.filter((p) => p.propertyKey === 'os2-rollup').map((p) => p.path)).toEqual([
      'sourceKey',
      'level',
      'state',
    ]);
  });

  it('an alias is the same field as its path: os2Votes > 1', async () => {
    const byAlias = await keys('project = MO AND os2Votes > 1 ORDER BY os2Votes DESC');
    const byPath = await keys(
      'project = MO AND issue.property[os2-votes].count > 1 ORDER BY issue.property[os2-votes].count DESC',
    );
    expect(byAlias.length).toBeGreaterThan(0);
    expect(byAlias).toEqual(byPath);
    // Aliases are case-insensitive, like every JQL field name.
    expect(await keys('project = MO AND OS2VOTES > 1 ORDER BY os2Votes DESC')).toEqual(byAlias);
  });

  it('an undeclared path is not searchable: nothing matches a value, every issue is EMPTY there', async () => {
    const all = await keys('project = MO');
    // tally.count is in every votes mirror, but only count and coFinanceTotalDkk are declared.
    expect(await keys('project = MO AND issue.property[os2-votes].tally.count > 0')).toEqual([]);
    expect(await keys('project = MO AND issue.property[os2-votes].tally.count IS EMPTY')).toEqual(all);
    expect(await keys('project = MO AND issue.property[os2-votes].signature IS NOT EMPTY')).toEqual([]);
  });

  it('number: compares numerically; a string at a number path is not indexed', async () => {
    const st = sim.site('os2').state;
    const mo = [...st.projectsByKey.get('MO')!.issues].filter((i) => i.properties?.has('os2-votes'));
    const target = mo[0]!;
    const before = target.properties!.get('os2-votes');
    try {
      setProp(target.key, 'os2-votes', { ...(before as object), count: '1000' });
      expect(await keys('project = MO AND os2Votes = 1000')).toEqual([]);
      expect(await keys(`key = ${target.key} AND os2Votes IS EMPTY`)).toEqual([target.key]);
      setProp(target.key, 'os2-votes', { ...(before as object), count: 1000 });
      expect(await keys('project = MO AND os2Votes >= 1000')).toEqual([target.key]);
      expect(await keys('project = MO AND os2Votes = "1000.0"')).toEqual([target.key]);
    } finally {
      setProp(target.key, 'os2-votes', before);
    }
  });

  it('string: exact match only; ~ and ranges answer 400 as unsupported operators', async () => {
    const st = sim.site('os2').state;
    const key = st.projectsByKey.get('MO')!.issues[0]!.key;
    setProp(key, 'os2-rollup', { sourceKey: 'os2/10001', level: 'N2', state: 'produkt' });
    expect(await keys('project = MO AND os2SourceKey = "os2/10001"')).toEqual([key]);
    expect(await keys('project = MO AND os2SourceKey = "os2/1000"')).toEqual([]);
    expect(await keys('project = MO AND os2SourceKey IN ("x", "os2/10001")')).toEqual([key]);
    const tilde = await status('project = MO AND os2SourceKey ~ "os2"');
    expect(tilde.status).toBe(400);
    expect(tilde.messages).toEqual(["The operator '~' is not supported by the 'os2SourceKey' field."]);
    expect((await status('project = MO AND os2RollupLevel > N1')).status).toBe(400);
  });

  it('!=, NOT IN and ORDER BY with issues lacking the property; IS EMPTY finds those', async () => {
    const st = sim.site('os2').state;
    const issues = st.projectsByKey.get('FORD')!.issues;
    const [a, b, c] = issues.map((i) => i.key);
    setProp(a!, 'os2-rollup', { sourceKey: 's/a', level: 'N1' });
    setProp(b!, 'os2-rollup', { sourceKey: 's/b', level: 'N3' });
    // c has no os2-rollup at all.
    const lacking = issues.filter((i) => !i.properties?.has('os2-rollup')).map((i) => i.key);
    expect(lacking).toContain(c);
    expect(await keys('project = FORD AND os2RollupLevel != N1')).toEqual([b]);
    expect(await keys('project = FORD AND os2RollupLevel NOT IN (N1)')).toEqual([b]);
    expect((await keys('project = FORD AND os2RollupLevel IS EMPTY')).sort()).toEqual([...lacking].sort());
    // Ascending: values first, EMPTY last; descending: EMPTY first.
    const asc = await keys('project = FORD ORDER BY os2RollupLevel ASC');
    expect(asc.slice(0, 2)).toEqual([a, b]);
    const desc = await keys('project = FORD ORDER BY os2RollupLevel DESC');
    expect(desc.slice(-2)).toEqual([b, a]);
  });
});

describe('declared types text, date and user (declarations given to the simulator)', () => {
  let typed: JiraSim;
  beforeAll(async () => {
    typed = await startJiraSim({
      sites: [{ name: 'os2' }],
      seed: { featureRequestsPerProduct: 4 },
      indexLagMs: 0,
      indexing: [...appIndexedPaths(), ...PROBE],
    });
  });
  afterAll(async () => {
    await typed.close();
  });

  it('text matches words, date compares dates (also by alias), user matches an account', async () => {
    const st = typed.site('os2').state;
    const [x, y] = st.projectsByKey.get('MO')!.issues;
    const admin = st.accountsByEmail.get(typed.site('os2').admin.email)!;
    st.setIssueProperty(x!, 'probe', {
      words: 'Borgerservice og selvbetjening',
      when: '2026-03-01',
      who: admin.accountId,
    });
    st.setIssueProperty(y!, 'probe', { words: 'Økonomi', when: '2026-06-01T10:00:00Z' });
    const client = createCloudClient({
      host: typed.site('os2').baseUrl,
      auth: {
        type: 'basic',
        email: typed.site('os2').admin.email,
        apiToken: typed.site('os2').admin.apiToken,
      },
      onSchemaMismatch: 'throw',
    });
    const q = async (jql: string) =>
      ((await client.issueSearch.searchAndReconsileIssuesUsingJqlPost({ jql })).issues ?? []).map((i) =>
        String(i.id),
      );
    expect(await q('project = MO AND issue.property[probe].words ~ selvbetjening')).toEqual([String(x!.id)]);
    expect(await q('project = MO AND probeWhen > "2026-04-01"')).toEqual([String(y!.id)]);
    expect(await q('project = MO AND issue.property[probe].when < 2026-04-01')).toEqual([String(x!.id)]);
    expect(await q(`project = MO AND issue.property[probe].who = "${admin.accountId}"`)).toEqual([
      String(x!.id),
    ]);
    expect(await q('project = MO AND issue.property[probe].who = currentUser()')).toEqual([String(x!.id)]);
  });
});
