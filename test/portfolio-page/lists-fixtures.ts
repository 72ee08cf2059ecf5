/**
 * Stored lists (sync-worker/src/portfolio-lists.ts `SiteLists`) for the Lister tab's tests and picture: rows made
 * by the domain's own functions from the fixture products, on two sites, one of them fetched long ago.
 */
import { boundLists } from '../../src/app/lists-answer.js';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import {
  changeRequestRows,
  openPollRows,
  publishedOutcomeRows,
  ungovernedProjectRows,
  type ProductRef,
} from '../../src/domain/portfolio-lists.js';
import { ChangeRequestStateSchema, type ChangeRequest } from '../../src/domain/change-request.js';
import type { Poll } from '../../src/domain/poll.js';
import type { SiteLists } from '../../sync-worker/src/portfolio-lists.js';

const mette = { accountId: 'os2-sek-mette', displayName: 'Mette' };
const STATES = ChangeRequestStateSchema.options;

function siteLists(site: 'os2' | 'supplier', now: Date, fetchedAt: Date): SiteLists {
  const products = FIXTURE_PRODUCTS.filter((p) => p.site === site).map((p): ProductRef => ({
    site,
    projectKey: p.record.project.key,
    name: p.record.name,
  }));
  const day = (d: number) => new Date(now.getTime() + d * 86_400_000).toISOString();
  const polls = products.slice(0, 3).map((product, i) => ({
    product,
    issueKey: `${product.projectKey}-${10 + i}`,
    poll: {
      id: `poll-${site}-${i}`,
      question: [
        'Skal løsningen understøtte MitID Erhverv i 2027?',
        'Hvilken integration ønskes først: FK Organisation eller SD Løn?',
        'Vil kommunen deltage i test af den nye brugerflade?',
      ][i]!,
      options: ['Ja', 'Nej'],
      multiple: false,
      deadline: day(i === 2 ? -1 : 4 + i * 6),
      eligible: Array.from({ length: 12 + i }, (_, k) => String(100 + k)),
      answers: Object.fromEntries(
        Array.from({ length: 3 + i * 2 }, (_, k) => [String(100 + k), { option: 'Ja' }]),
      ),
      openedBy: mette,
      openedAt: day(-10),
    } as unknown as Poll,
  }));
  const requests = products.flatMap((product, p) =>
    STATES.slice(0, 4 + (p % 5)).map((state, i) => ({
      product,
      request: {
        id: `cr-${site}-${p}-${i}`,
        issueKey: `${product.projectKey}-${100 + i}`,
        title: [
          'Eksport til Excel',
          'Bedre søgning',
          'Adgang for eksterne',
          'Ny rapport til ledelsen',
          'Mobilvisning',
          'API til fagsystemer',
          'Log over ændringer',
          'Tilgængelighed (WCAG 2.2)',
          'Flere sprog',
        ][(p + i) % 9]!,
        size: i % 3 === 0 ? 'large' : 'small',
        state,
        ...(i % 2 === 0 ? { priority: 1 + i } : {}),
        ...(state === 'estimated' || state === 'recommended'
          ? { estimate: { dkk: 85_000 + i * 40_000, by: mette, at: day(-3) } }
          : {}),
        ...(state === 'published'
          ? {
              publishedAt: day(-2 - i),
              outcome: { approved: p % 2 === 0, reason: 'Behandlet i koordinationsgruppen' },
            }
          : {}),
        submittedBy: mette,
        submittedAt: day(-40 + i),
      } as unknown as ChangeRequest,
    })),
  );
  const outcomes = publishedOutcomeRows(
    products.slice(0, 3).map((product, i) => ({
      product,
      request: {
        id: `out-${site}-${i}`,
        issueKey: `${product.projectKey}-${200 + i}`,
        title: ['Single sign-on for alle brugere', 'Udskrift af kvittering', 'Automatisk arkivering'][i]!,
        size: 'small',
        state: 'published',
        publishedAt: day(-5 - i * 7),
        outcome: {
          approved: i !== 1,
          reason:
            i !== 1
              ? 'Godkendt af styregruppen; leveres i næste release'
              : 'Ligger uden for produktets formål',
        },
        submittedBy: mette,
        submittedAt: day(-60),
      } as unknown as ChangeRequest,
    })),
  );
  const lists = {
    polls: openPollRows(polls, now.toISOString()),
    changeRequests: changeRequestRows(requests),
    outcomes,
    ungoverned: ungovernedProjectRows(
      [
        {
          site,
          projectId: `${site}-1`,
          projectKey: site === 'os2' ? 'HELP' : 'LEVTEST',
          name: site === 'os2' ? 'Servicedesk' : 'Leverandørens testprojekt',
        },
        {
          site,
          projectId: `${site}-2`,
          projectKey: site === 'os2' ? 'NYT' : 'DEMO',
          name: site === 'os2' ? 'OS2nyt (forprojekt)' : 'Demo',
        },
      ],
      new Set(),
    ),
  };
  return { site, fetchedAt: fetchedAt.toISOString(), lists: boundLists(lists, fetchedAt.toISOString()) };
}

/** os2 fetched a minute ago; supplier eight hours ago (older than the page's 6½ hours). */
export function fixtureSiteLists(now: Date = new Date()): SiteLists[] {
  return [
    siteLists('os2', now, new Date(now.getTime() - 60_000)),
    siteLists('supplier', now, new Date(now.getTime() - 8 * 3_600_000)),
  ];
}
