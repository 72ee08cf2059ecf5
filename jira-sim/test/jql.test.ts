import { describe, expect, it } from 'vitest';
import { tokenize, JqlSyntaxError } from '../jql/lexer.js';
import { parseJql } from '../jql/parser.js';
import { JqlValidationError, compileJql, countQuery, runQuery } from '../jql/evaluate.js';
import { baseSite, seedSite } from '../seed.js';

describe('JQL lexer', () => {
  it('tokenizes words, strings with escapes, operators and keywords', () => {
    const t = tokenize(`project = "O'S\\"2" AND labels != x && text ~ 'a b' OR NOT status IN (A,B)`);
    expect(t.map((x) => x.kind)).toEqual([
      'word',
      'op',
      'string',
      'and',
      'word',
      'op',
      'word',
      'and',
      'word',
      'op',
      'string',
      'or',
      'not',
      'word',
      'word',
      'lparen',
      'word',
      'comma',
      'word',
      'rparen',
      'eof',
    ]);
    expect(t[2]!.text).toBe(`O'S"2`);
  });
  it('reports an unterminated string with its position', () => {
    expect(() => tokenize('summary ~ "abc')).toThrow(
      new JqlSyntaxError(
        "Error in the JQL Query: The quoted string 'abc' has not been completed. (line 1, character 11)",
      ),
    );
  });
  it('rejects reserved characters outside strings', () => {
    expect(() => tokenize('summary ~ a{b')).toThrow(/reserved JQL character/);
  });
});

describe('JQL parser', () => {
  it('gives AND precedence over OR and honours parentheses and NOT', () => {
    const q = parseJql('a = 1 OR b = 2 AND NOT c = 3');
    expect(q.where).toMatchObject({
      type: 'or',
      items: [{ type: 'clause' }, { type: 'and', items: [{ type: 'clause' }, { type: 'not' }] }],
    });
    const p = parseJql('(a = 1 OR b = 2) AND c = 3');
    expect(p.where).toMatchObject({ type: 'and', items: [{ type: 'or' }, { type: 'clause' }] });
  });
  it('parses entity property references with paths, IN lists, IS EMPTY, functions and ORDER BY', () => {
    const q = parseJql(
      'issue.property[os2-votes].count >= 3 AND labels IN (a, "b c") AND assignee IS NOT EMPTY AND reporter = currentUser() ORDER BY issue.property[os2-votes].count DESC, created',
    );
    expect(q.where).toMatchObject({
      type: 'and',
      items: [
        {
          field: { kind: 'property', key: 'os2-votes', path: ['count'] },
          op: '>=',
          operand: { kind: 'value', value: '3' },
        },
        { op: 'in', operand: { kind: 'list', items: [{ value: 'a' }, { value: 'b c' }] } },
        { op: 'is not', operand: { kind: 'empty' } },
        { operand: { kind: 'function', name: 'currentUser', args: [] } },
      ],
    });
    expect(q.orderBy).toEqual([
      {
        field: {
          kind: 'property',
          key: 'os2-votes',
          path: ['count'],
          raw: 'issue.property[os2-votes].count',
        },
        dir: 'desc',
      },
      { field: { kind: 'field', name: 'created', raw: 'created' }, dir: undefined },
    ]);
  });
  it('answers malformed queries with Jira’s messages', () => {
    expect(() => parseJql('project = ')).toThrow(
      'Error in the JQL Query: Expecting either a value, list or function before the end of the query.',
    );
    expect(() => parseJql('project MO')).toThrow(
      "Error in the JQL Query: Expecting operator but got 'MO'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, character 9)",
    );
    expect(() => parseJql('project = AND')).toThrow(
      "Error in the JQL Query: Expecting either a value, list or function but got 'AND'. You must surround 'AND' in quotation marks to use it as a value. (line 1, character 11)",
    );
    expect(() => parseJql('(project = MO')).toThrow(
      "Error in the JQL Query: Expecting ')' before the end of the query.",
    );
    expect(() => parseJql('project = MO foo = 1')).toThrow("Expecting either 'OR' or 'AND' but got 'foo'.");
    expect(() => parseJql('project = MO ORDER created')).toThrow(
      "Expecting either 'OR' or 'AND' but got 'ORDER'.",
    );
  });
  it('accepts an empty query and a bare ORDER BY', () => {
    expect(parseJql('')).toEqual({ where: null, orderBy: [] });
    expect(parseJql('ORDER BY key ASC').orderBy[0]!.dir).toBe('asc');
  });
});

describe('JQL evaluation', () => {
  const { state, admin } = baseSite('os2', 'secret');
  seedSite(state, admin, { name: 'os2' }, { featureRequestsPerProduct: 40 }, 'os2-dev-secret');
  const run = (jql: string) => runQuery(compileJql(jql, state, admin));

  it('filters by project, issue type and status category', () => {
    const open = run('project = MO AND issuetype = "Udviklingsønske" AND statusCategory != Done');
    expect(open.length).toBeGreaterThan(10);
    for (const i of open) {
      expect(i.key.startsWith('MO-')).toBe(true);
      expect(state.issueTypes.get(i.issueTypeId)!.name).toBe('Udviklingsønske');
      expect(state.statuses.get(i.statusId)!.categoryKey).not.toBe('done');
    }
    const all = run('project = MO AND issuetype = Udviklingsønske');
    const done = run('project = MO AND issuetype = Udviklingsønske AND statusCategory = done');
    expect(open.length + done.length).toBe(all.length);
  });

  it('orders by an entity property, descending, and compares property values numerically', () => {
    const top = run(
      'project = MO AND issuetype = "Udviklingsønske" ORDER BY issue.property[os2-votes].count DESC',
    );
    const counts = top.map((i) => (i.properties?.get('os2-votes') as { count: number }).count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const ge3 = run('project = MO AND issue.property[os2-votes].count >= 3');
    expect(ge3.every((i) => (i.properties!.get('os2-votes') as { count: number }).count >= 3)).toBe(true);
    const lt3 = run('project = MO AND issue.property[os2-votes].count < 3');
    const withVotes = run('project = MO AND issue.property[os2-votes].count IS NOT EMPTY');
    expect(ge3.length + lt3.length).toBe(withVotes.length);
    const empty = run('project = MO AND issue.property[os2-votes].count IS EMPTY');
    expect(empty.length + withVotes.length).toBe(run('project = MO').length);
  });

  it('matches property arrays element-wise and nested paths', () => {
    const hits = run('project = MO AND issue.property[os2-votes].tally.municipalities = 751');
    expect(hits.length).toBeGreaterThan(0);
    for (const i of hits)
      expect(
        (i.properties!.get('os2-votes') as { tally: { municipalities: string[] } }).tally.municipalities,
      ).toContain('751');
  });

  it('supports OR, NOT, IN, labels, text and dates', () => {
    const a = run('project IN (MO, KITOS) AND NOT labels IS EMPTY');
    expect(a.every((i) => i.labels.length > 0 && ['MO', 'KITOS'].includes(i.key.split('-')[0]!))).toBe(true);
    const t = run('project = MO AND text ~ "CSV"');
    expect(t.length).toBeGreaterThan(0);
    expect(t.every((i) => i.summary.includes('CSV'))).toBe(true);
    expect(run('project = MO AND created > -400d').length).toBe(run('project = MO').length);
    expect(run('project = MO AND created > "2999-01-01"')).toEqual([]);
    const either = run('project = MO AND (labels = sikkerhed OR labels = ydelse)');
    expect(either.every((i) => i.labels.includes('sikkerhed') || i.labels.includes('ydelse'))).toBe(true);
  });

  it('knows resolution (Unresolved = not done) and ORDER BY Rank', () => {
    const unresolved = run('project = MO AND resolution = Unresolved');
    expect(unresolved).toEqual(run('project = MO AND statusCategory != Done'));
    expect(run('project = MO AND resolution IS EMPTY')).toEqual(unresolved);
    expect(run('project = MO AND resolution = Done').length + unresolved.length).toBe(
      run('project = MO').length,
    );
    const ranked = run('project = MO ORDER BY Rank ASC');
    expect(ranked.map((i) => i.id)).toEqual([...ranked.map((i) => i.id)].sort((a, b) => a - b));
  });

  it('reports unknown fields and values as Jira does', () => {
    expect(() => compileJql('foo = 1', state, admin)).toThrow(JqlValidationError);
    expect(() => compileJql('project = NOPE', state, admin)).toThrow(
      "The value 'NOPE' does not exist for the field 'project'.",
    );
    expect(() => compileJql('project = MO ORDER BY foo', state, admin)).toThrow(
      "Not able to sort using field 'foo'.",
    );
    expect(() => compileJql('created > yesterday', state, admin)).toThrow(
      /Date value 'yesterday' for field 'created' is invalid/,
    );
  });

  it('keeps the site-wide property sort index right across property writes, transitions and new issues', () => {
    const jql =
      'issuetype = Udviklingsønske AND statusCategory != Done ORDER BY issue.property[os2-votes].count DESC';
    const expected = (): number[] => {
      const votes = (i: { properties: Map<string, unknown> | null }) =>
        (i.properties?.get('os2-votes') as { count?: number } | undefined)?.count ?? null;
      return [...state.issues.values()]
        .filter((i) => state.issueTypes.get(i.issueTypeId)!.name === 'Udviklingsønske')
        .filter((i) => state.statuses.get(i.statusId)!.categoryKey !== 'done')
        .sort((a, b) => {
          const x = votes(a);
          const y = votes(b);
          if (x === y) return b.id - a.id;
          if (x === null) return -1;
          if (y === null) return 1;
          return y - x;
        })
        .map((i) => i.id);
    };
    expect(run(jql).map((i) => i.id)).toEqual(expected());
    const some = run(jql)[10]!;
    state.setIssueProperty(some, 'os2-votes', { count: 999 });
    expect(run(jql)[0]).toBe(some);
    expect(run(jql).map((i) => i.id)).toEqual(expected());
    const done = state.resolveProject('MO')!.workflow.statusIds.at(-1)!;
    state.setIssueStatus(some, done);
    expect(run(jql)).not.toContain(some);
    const fresh = state.createIssue(state.resolveProject('MO')!, {
      issueTypeId: '10005',
      summary: 'Ny uden stemmer',
    });
    expect(run(jql)[0]).toBe(fresh); // no votes property: empty sorts first when descending
    expect(run(jql).map((i) => i.id)).toEqual(expected());
  });

  it('counts without sorting', () => {
    expect(countQuery(compileJql('project = MO', state, admin))).toBe(
      state.resolveProject('MO')!.issues.length,
    );
  });
});
