// Cross-portfolio lists (issue 15, item 6): the order a reader relies on and CSV that Danish Excel opens safely.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  changeRequestRows,
  mergeLists,
  openPollRows,
  publishedOutcomeRows,
  toCsv,
  ungovernedProjectRows,
  type PortfolioLists,
  type ProductRef,
} from '../../src/domain/portfolio-lists.js';
import { boundLists, LIST_LIMITS, PortfolioListsAnswerSchema } from '../../src/app/lists-answer.js';
import { ChangeRequestStateSchema, type ChangeRequest } from '../../src/domain/change-request.js';
import type { Poll } from '../../src/domain/poll.js';

const mette = { accountId: 'os2-sek-mette', displayName: 'Mette' };
const products: ProductRef[] = [
  { site: 'os2', projectKey: 'MO', name: 'OS2mo' },
  { site: 'os2', projectKey: 'KITOS', name: 'OS2kitos' },
  { site: 'lev', projectKey: 'IOT', name: 'OS2iot' },
];
const STATES = ChangeRequestStateSchema.options;

describe('change requests by state and priority per product', () => {
  it('property: grouped by product name, then process order, then priority (unprioritised last)', () => {
    const arbRequest = fc.record({
      product: fc.constantFrom(...products),
      state: fc.constantFrom(...STATES),
      priority: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
      minute: fc.nat(1000),
    });
    fc.assert(
      fc.property(fc.array(arbRequest, { maxLength: 30 }), (items) => {
        const input = items.map((x, i) => ({
          product: x.product,
          request: {
            id: `cr-${i}`,
            title: `Ønske ${i}`,
            size: 'large',
            state: x.state,
            ...(x.priority ? { priority: x.priority } : {}),
            submittedBy: mette,
            submittedAt: new Date(Date.UTC(2026, 0, 1, 0, x.minute)).toISOString(),
          } as ChangeRequest,
        }));
        const rows = changeRequestRows(input);
        expect(rows).toHaveLength(items.length);
        const names = rows.map((r) => r.product.name);
        expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'da')));
        for (let i = 1; i < rows.length; i++) {
          const [a, b] = [rows[i - 1]!, rows[i]!];
          if (a.product !== b.product) continue;
          const sa = STATES.indexOf(a.state);
          const sb = STATES.indexOf(b.state);
          expect(sa).toBeLessThanOrEqual(sb);
          if (sa === sb) expect(a.priority ?? 99).toBeLessThanOrEqual(b.priority ?? 99);
        }
      }),
    );
  });
});

describe('open polls', () => {
  it('shows polls not closed, soonest deadline first, and marks those past their deadline', () => {
    const poll = (id: string, deadline: string, closedAt?: string): Poll => ({
      id,
      question: id,
      multiple: false,
      alternatives: [
        { id: 'a', label: 'A' },
        { id: 'b', label: 'B' },
      ],
      deadline,
      eligible: ['751', '101'],
      openedBy: mette,
      openedAt: '2026-11-01T00:00:00Z',
      answers: {},
      ...(closedAt ? { closedAt } : {}),
    });
    const rows = openPollRows(
      [
        { product: products[0]!, poll: poll('later', '2026-12-20T12:00:00Z') },
        { product: products[1]!, poll: poll('passed', '2026-11-30T12:00:00Z') },
        { product: products[2]!, poll: poll('closed', '2026-11-20T12:00:00Z', '2026-11-21T00:00:00Z') },
      ],
      '2026-12-01T12:00:00Z',
    );
    expect(rows.map((r) => [r.question, r.status, r.eligible])).toEqual([
      ['passed', 'awaiting_close', 2],
      ['later', 'open', 2],
    ]);
  });
});

describe('ungoverned projects and CSV', () => {
  it('leaves out governed projects and the portfolio project itself', () => {
    const rows = ungovernedProjectRows(
      [
        { site: 'os2', projectId: '1', projectKey: 'MO', name: 'OS2mo' },
        { site: 'os2', projectId: '2', projectKey: 'PORT', name: 'Portefølje' },
        { site: 'os2', projectId: '3', projectKey: 'NY', name: 'Ny' },
      ],
      new Set(['os2/1']),
      new Set(['PORT']),
    );
    expect(rows.map((r) => r.projectKey)).toEqual(['NY']);
  });

  it('property: every cell survives a round trip and never starts a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (cells) => {
        const csv = toCsv(['h'], [cells]);
        expect(csv.startsWith('\uFEFFh\r\n')).toBe(true);
        const line = csv.slice('\uFEFFh\r\n'.length, -2);
        // Parse the one line back (quoted cells may hold ; " and newlines).
        const parsed: string[] = [];
        let i = 0;
        while (i <= line.length) {
          if (line[i] === '"') {
            let v = '';
            i++;
            while (i < line.length) {
              if (line[i] === '"' && line[i + 1] === '"') {
                v += '"';
                i += 2;
              } else if (line[i] === '"') break;
              else v += line[i++];
            }
            parsed.push(v);
            i += 2;
          } else {
            const end = line.indexOf(';', i);
            parsed.push(line.slice(i, end === -1 ? line.length : end));
            i = end === -1 ? line.length + 1 : end + 1;
          }
        }
        const expected = cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c).replace(/\r\n?/g, '\n'));
        expect(parsed).toEqual(expected);
        for (const p of parsed) expect(/^[=+\-@]/.test(p)).toBe(false);
      }),
    );
  });
});

describe('lists of several sites as one (the portfolio page across sites)', () => {
  const arbRequest = fc.record({
    product: fc.constantFrom(...products),
    state: fc.constantFrom(...STATES),
    priority: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
    minute: fc.nat(1000),
    published: fc.boolean(),
  });
  type Item = {
    product: ProductRef | undefined;
    state: (typeof STATES)[number];
    priority?: number | undefined;
    minute: number;
    published: boolean;
  };
  const request = (x: Item, i: number) => ({
    product: x.product as ProductRef,
    request: {
      id: `cr-${i}`,
      title: `Ønske ${i}`,
      size: 'small',
      state: x.published ? 'published' : x.state,
      ...(x.priority ? { priority: x.priority } : {}),
      ...(x.published
        ? {
            publishedAt: new Date(Date.UTC(2026, 1, 1, 0, x.minute)).toISOString(),
            outcome: { approved: x.minute % 2 === 0, reason: `Grund ${i}` },
          }
        : {}),
      submittedBy: mette,
      submittedAt: new Date(Date.UTC(2026, 0, 1, 0, x.minute)).toISOString(),
    } as ChangeRequest,
  });

  it('property: merging each site’s lists gives the lists of all sites computed at once (same rows, same order)', () => {
    fc.assert(
      fc.property(fc.array(arbRequest, { maxLength: 30 }), (items) => {
        const input = items.map(request);
        const bySite = (site: string) => input.filter((r) => r.product.site === site);
        const part = (rs: typeof input): PortfolioLists => ({
          polls: [],
          changeRequests: changeRequestRows(rs),
          outcomes: publishedOutcomeRows(rs),
          ungoverned: [],
        });
        const merged = mergeLists([part(bySite('os2')), part(bySite('lev'))], '2026-03-01T00:00:00.000Z');
        expect(merged.changeRequests).toEqual(changeRequestRows(input));
        expect(merged.outcomes).toEqual(publishedOutcomeRows(input));
      }),
    );
  });

  it('measures a poll against the time of reading, not of its site’s answer', () => {
    const poll = {
      product: products[0]!,
      question: 'Skal vi?',
      deadline: '2026-03-01T12:00:00.000Z',
      status: 'open' as const,
      answers: 2,
      eligible: 5,
    };
    const before = mergeLists(
      [{ polls: [poll], changeRequests: [], outcomes: [], ungoverned: [] }],
      '2026-03-01T11:59:00.000Z',
    );
    const after = mergeLists(
      [{ polls: [poll], changeRequests: [], outcomes: [], ungoverned: [] }],
      '2026-03-01T12:00:00.000Z',
    );
    expect(before.polls[0]!.status).toBe('open');
    expect(after.polls[0]!.status).toBe('awaiting_close');
  });

  it('the app’s answer keeps each list within its bound and says how many rows there were', () => {
    const rows = Array.from({ length: LIST_LIMITS.changeRequests + 7 }, (_, i) =>
      request({ product: products[i % 3], state: 'submitted', minute: i % 1000, published: false }, i),
    );
    const lists: PortfolioLists = {
      polls: [],
      changeRequests: changeRequestRows(rows),
      outcomes: [],
      ungoverned: [],
    };
    const answer = boundLists(lists, '2026-03-01T00:00:00.000Z');
    expect(answer.changeRequests).toHaveLength(LIST_LIMITS.changeRequests);
    expect(answer.totals.changeRequests).toBe(LIST_LIMITS.changeRequests + 7);
    expect(answer.changeRequests).toEqual(lists.changeRequests.slice(0, LIST_LIMITS.changeRequests));
    expect(PortfolioListsAnswerSchema.safeParse(answer).success).toBe(true);
    expect(
      PortfolioListsAnswerSchema.safeParse({ ...answer, changeRequests: lists.changeRequests }).success,
    ).toBe(false);
  });
});
