import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { rollUp, rollUpHash } from '../../src/domain/roll-up.js';
import { RollUpSchema } from '../../src/domain/rollup.js';
import type { RollUp, TopRequest } from '../../src/domain/rollup.js';
import type { PortfolioEntry } from '../../sync-worker/src/portfolio-page/index.js';

/** Feature-request titles of the kind municipalities file (invented). */
const SUMMARIES = [
  'Eksport af organisationsdata til CSV',
  'Single sign-on med MitID Erhverv',
  'Bedre søgning i historik',
  'Integration til FK Organisation',
  'Rapport over udløbne kontrakter',
  'Masseredigering af roller',
  'API til lønsystemet',
  'Tilgængelighed: tastaturnavigation i alle dialoger',
];

function requestsFor(key: string, seed: number, count: number): TopRequest[] {
  const out: TopRequest[] = [];
  for (let i = 0; i < count; i++) {
    const votes = Math.max(0, ((seed * 7 + 11) % 23) - i * 3);
    const willing = Math.floor(votes / 3);
    out.push({
      key: `${key}-${100 + seed * 13 + i}`,
      summary: SUMMARIES[(seed + i) % SUMMARIES.length] ?? 'Ønske',
      votes,
      coFinanceWilling: willing,
      coFinanceTotalDkk: willing * 25_000,
    });
  }
  return out;
}

/**
 * Roll-ups of the domain fixtures (computed with the real `rollUp()`), with invented feature requests, a
 * few varied status colours, one product whose governance mirror was tampered with and one whose Jira text
 * tries to inject markup. Every entry parses with `RollUpSchema`.
 */
export function fixtureRollUps(): PortfolioEntry[] {
  const entries: RollUp[] = FIXTURE_PRODUCTS.map((f, i) =>
    rollUp({
      site: f.site,
      record: f.record,
      decisions: f.decisions,
      integrity: 'verified',
      openRequests: 40 + ((i * 137) % 900),
      topRequests: requestsFor(f.record.project.key, i, f.record.state === 'idea' ? 0 : 4),
    }),
  );
  // Vary the status colours so the page shows all three.
  const byKey = (key: string): RollUp | undefined => entries.find((e) => e.project.key === key);
  const kitos = byKey('KITOS');
  if (kitos?.status)
    kitos.status = { ...kitos.status, rag: 'amber', progress: 'Forsinket integration til FK Organisation' };
  const rolle = byKey('ROLLE');
  if (rolle?.status) rolle.status = { ...rolle.status, rag: 'red', progress: 'Budgettet er overskredet' };

  // A product whose os2-governance property someone rewrote by REST: shown, flagged, not trusted.
  entries.push(
    rollUp({
      site: 'supplier',
      project: { id: '20999', key: 'BORGER' },
      name: 'OS2borgerpc',
      decisions: [],
      integrity: 'tampered',
      openRequests: 12,
      topRequests: [
        {
          key: 'BORGER-7',
          summary: '<script>alert("xss")</script> Fjernstyring af maskiner & "printere"',
          votes: 3,
          coFinanceWilling: 1,
          coFinanceTotalDkk: 10_000,
        },
      ],
    }),
  );
  return entries.map((e) => {
    const parsed = RollUpSchema.parse(e);
    return { ...parsed, hash: rollUpHash(parsed) };
  });
}
