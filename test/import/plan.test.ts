// The plan of an import (src/import/plan.ts): what the site and the governance rules say about rows whose form
// is right. Pure: the site's facts are given as data, as src/app/import.ts gathers them from Jira and storage.
import { describe, expect, it } from 'vitest';
import { readCsv, type ImportProblem } from '../../src/import/format';
import { importIdentity, planImport, type SiteFacts } from '../../src/import/plan';
import { FIXTURE_PEOPLE } from '../../demo/fixtures';
import type { Actor } from '../../src/domain/actor';

const HEADER =
  'Projektnøgle;Navn;Niveau;Tilstand;Kommuner;Styregruppe;Projektleder;Koordinationsgruppe;Budget (kr.);Finansiering;Beslutninger';
const SECRETARIAT: Actor = {
  accountId: 'os2-sek-mette',
  displayName: 'Mette',
  roles: ['secretariat'],
  municipalities: [],
};
const NOW = '2026-06-01T10:00:00.000Z';

function facts(over: Partial<SiteFacts> = {}): SiteFacts {
  return {
    projects: new Map(
      ['AAA', 'BBB', 'CCC', 'DDD'].map((k, i) => [k, { id: String(20001 + i), key: k, name: k }]),
    ),
    governed: new Map(),
    users: new Map(FIXTURE_PEOPLE.map((p) => [p.accountId, p.displayName])),
    roster: new Set(FIXTURE_PEOPLE.filter((p) => p.roles.includes('board')).map((p) => p.accountId)),
    ...over,
  };
}
const plan = (rows: string[], f = facts()) =>
  planImport(readCsv([HEADER, ...rows].join('\r\n')), f, SECRETARIAT, NOW);
const where = (ps: ImportProblem[]) =>
  ps.map((p) => [p.row, p.column, p.code, p.detail?.da ?? p.value ?? '']);

describe('planImport', () => {
  it('plans a good row as create, with the import identity as the admission id', () => {
    const p = plan([
      'AAA;OS2a;N2;Produkt;751, 101;k751-karin@751 (formand), k101-kasper@101;pl-kitos-anja;k751-karin;1.000.000;OS2;',
    ]);
    expect(p.rows[0]).toMatchObject({ action: 'create', project: { id: '20001' }, problems: [] });
    expect(p.rows[0]!.identity).toMatch(/^imp-[0-9a-f]{32}$/);
    expect(p.rows[0]!.summary).toEqual({
      municipalities: 2,
      decisions: 0,
      steeringGroup: 2,
      coordinationGroup: 1,
      budgetDkk: 1_000_000,
      awaitsBoard: true,
    });
  });

  it('names the column of each problem the site or the rules find', () => {
    const p = plan([
      // an accountId Jira does not know
      'AAA;OS2a;N1;Koncept;751;k751-karin@751, nobody-here@751;;;;;',
      // N1 funded through OS2
      'BBB;OS2b;N1;Koncept;751;k751-karin@751;;;100.000;OS2;',
      // a decision after today
      'CCC;OS2c;N1;Idé;751;;;;;;01-01-2030 | Godkend | Bestyrelsen | Bestyrelsen | For tidligt',
      // a steering member from a municipality that does not take part (the governance rule's own text)
      'DDD;OS2d;N1;Koncept;751;k101-kasper@101;;;;;',
    ]);
    expect(where(p.rows.flatMap((r) => r.problems))).toEqual([
      [2, 'Styregruppe (F)', 'UNKNOWN_USER', 'nobody-here'],
      [3, 'Finansiering (J)', 'RULE', 'Et N1-projekt finansieres af lokale midler, ikke via OS2'],
      [4, 'Beslutninger (K)', 'DATE_IN_FUTURE', '2030-01-01'],
      [5, 'Styregruppe (F)', 'RULE', expect.stringMatching(/deltagende kommuner/)],
    ]);
    expect(p.counts).toEqual({ create: 0, unchanged: 0, conflict: 0, invalid: 4 });
  });

  it('an N3 project running needs a board member in its groups; a board member counts from the roster only', () => {
    const row = 'AAA;OS2a;N3;Godkendt;751, 101;k751-karin@751, k101-kasper@101;;;;;';
    expect(where(plan([row]).rows[0]!.problems)).toEqual([
      [2, 'Styregruppe (F)', 'N3_NEEDS_BOARD_MEMBER', ''],
    ]);
    // The same people, one of them now in the board's Jira group: admitted, awaiting the board's confirmation.
    const withBoard = plan([row], facts({ roster: new Set(['k751-karin']) }));
    expect(withBoard.rows[0]).toMatchObject({ action: 'create', summary: { awaitsBoard: true } });
  });

  it('a governed project is unchanged when its log holds this row’s admission, a conflict otherwise', () => {
    const row = 'AAA;OS2a;N1;Idé;751;;;;;;';
    const first = plan([row]);
    const identity = first.rows[0]!.identity!;
    expect(plan([row], facts({ governed: new Map([['20001', new Set([identity])]]) })).rows[0]!.action).toBe(
      'unchanged',
    );
    const other = plan([row], facts({ governed: new Map([['20001', new Set(['some-other-decision'])]]) }));
    expect(other.rows[0]).toMatchObject({ action: 'conflict' });
    expect(where(other.rows[0]!.problems)).toEqual([[2, 'Projektnøgle (A)', 'ALREADY_GOVERNED', 'AAA']]);
    // The identity is the row's content and the project: any change to either is a different import.
    const product = readCsv([HEADER, row].join('\r\n')).rows[0]!.product!;
    expect(importIdentity(product, '20001')).toBe(identity);
    expect(importIdentity({ ...product, name: 'OS2a2' }, '20001')).not.toBe(identity);
    expect(importIdentity(product, '20002')).not.toBe(identity);
  });
});
