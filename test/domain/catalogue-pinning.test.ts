// Issue 14: which catalogue version a record answers. Every record is counted against the newest version the
// board has made (seed 003 4.1.6: the board makes items obligatory for the projects that exist), and what is
// pinned is the evidence: each answer and the record carry the version they were assessed against, and the items
// the board has demanded since are listed (`newSince`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  catalogueAt,
  catalogueFor,
  changeCatalogue,
  newSince,
  versionOf,
  withBoardVersions,
  type CatalogueChange,
  type CatalogueVersion,
} from '../../src/domain/catalogue-versions.js';
import { CATALOGUES } from '../../src/domain/catalogue-registry.js';
import { OS2_2016 } from '../../src/domain/catalogues/os2-2016.js';
import { itemsFor, requirementsFor } from '../../src/domain/catalogue.js';
import { requirementCounts } from '../../src/domain/requirements.js';
import { answerRequirement } from '../../src/domain/project-work.js';
import { GovernanceRecordSchema } from '../../src/domain/governance-record.js';
import { board, fixture, secretariat } from './helpers.js';
import type { Level } from '../../src/domain/level.js';

const NOW = '2026-03-01T10:00:00Z';
const LEVELS: Level[] = ['N1', 'N2', 'N3'];

const add = (level: Level, n: number): CatalogueChange => ({
  type: 'add',
  id: `${level}-FORMAL-BOARD-${n}`,
  theme: 'formal',
  level,
  da: `Bestyrelsens krav ${n}`,
  en: `The board's requirement ${n}`,
});

/** The board's versions made one by one through the rule, as the app stores them; a refused change is left out. */
function versionsOf(changes: readonly CatalogueChange[]): CatalogueVersion[] {
  let versions: CatalogueVersion[] = [];
  for (const change of changes) {
    const r = changeCatalogue(OS2_2016, versions, board, { change, reason: 'Bestyrelsesmøde' }, NOW);
    if (r.ok) versions = r.versions;
  }
  return versions;
}

const PERMISSIONS = OS2_2016.requirements.filter((r) => r.kind === 'permission').map((r) => r.id);

describe('which catalogue version a record answers (issue 14)', () => {
  it('an answer and the record carry the version in force; the page can say what is new since', () => {
    const v1 = versionsOf([add('N2', 1)]);
    const kitos = fixture('KITOS');
    const registry = withBoardVersions(CATALOGUES, { [OS2_2016.id]: v1 });
    const answered = answerRequirement(
      kitos,
      secretariat,
      { requirementId: 'N2-FORMAL-BOARD-1', status: 'explained', explanation: 'Følger egne principper' },
      NOW,
      { catalogues: registry },
    );
    if (!answered.ok) throw new Error(answered.error.code);
    expect(answered.record.requirements['N2-FORMAL-BOARD-1']).toMatchObject({ catalogueVersion: 1 });
    expect(answered.record.catalogueVersion).toBe(1);

    // The board adds another item: the record is now answered under version 1 of 2; the new item is what is new.
    const v2 = versionsOf([add('N2', 1), add('N2', 2)]);
    const record = answered.record;
    expect(versionOf(catalogueAt(OS2_2016, v2))).toBe(2);
    expect(newSince(OS2_2016, v2, record.catalogueVersion!, record.level).map((r) => r.id)).toEqual([
      'N2-FORMAL-BOARD-2',
    ]);
    // It counts against the newest version: the new item is open until met or explained.
    const counted = requirementCounts(record, catalogueFor(record, OS2_2016, v2));
    expect(counted.open).toContain('N2-FORMAL-BOARD-2');
    expect(counted.open).not.toContain('N2-FORMAL-BOARD-1');
    // An N1 project is not asked for an N2 item.
    expect(newSince(OS2_2016, v2, 0, 'N1')).toEqual([]);
  });

  it('records and answers stored before versions were recorded still parse, with no version', () => {
    const kitos = fixture('KITOS');
    const { catalogueVersion: _v, ...old } = kitos;
    const parsed = GovernanceRecordSchema.parse({
      ...old,
      requirements: {
        'N1-FORMAL-SOURCE-SHARED': {
          status: 'met',
          by: { accountId: 'a', displayName: 'A' },
          at: NOW,
        },
      },
    });
    expect(parsed.catalogueVersion).toBeUndefined();
    expect(parsed.requirements['N1-FORMAL-SOURCE-SHARED']).not.toHaveProperty('catalogueVersion');
  });

  it("the record's count uses its own catalogue's versions, never another catalogue's", () => {
    const other = { ...OS2_2016, id: 'another-catalogue' };
    const record = { catalogue: 'os2-2016', catalogueVersion: 0 };
    expect(catalogueFor(record, other, versionsOf([add('N2', 1)]))).toBe(other);
  });

  it('property: a record is counted against the newest version, and newSince is exactly what the versions after its own demand at its level', () => {
    const change = fc.oneof(
      fc
        .tuple(fc.constantFrom(...LEVELS), fc.integer({ min: 1, max: 30 }))
        .map(([level, n]) => add(level, n)),
      fc.constantFrom(...PERMISSIONS).map((id): CatalogueChange => ({ type: 'makeObligatory', id })),
    );
    fc.assert(
      fc.property(
        fc.array(change, { maxLength: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom(...LEVELS),
        (changes, pin, level) => {
          const versions = versionsOf(changes);
          const since = Math.min(pin, versions.length);
          const newest = catalogueAt(OS2_2016, versions);
          expect(versionOf(newest)).toBe(versions.length);
          const record = { catalogue: OS2_2016.id, catalogueVersion: since };
          expect(catalogueFor(record, OS2_2016, versions)).toEqual(newest);

          // Walk the versions after `since`: the items they add or make obligatory that apply at `level`.
          const expected = new Set<string>();
          for (const v of versions.slice(since)) {
            const item = itemsFor(newest, level).find((r) => r.id === v.change.id);
            if (item && item.kind !== 'permission') expected.add(item.id);
          }
          const got = newSince(OS2_2016, versions, since, level).map((r) => r.id);
          expect(new Set(got)).toEqual(expected);
          // Nothing is lost: what version `since` required, the newest still requires.
          const then = requirementsFor(catalogueAt(OS2_2016, versions, since), level).map((r) => r.id);
          const now = new Set(requirementsFor(newest, level).map((r) => r.id));
          for (const id of then) expect(now.has(id)).toBe(true);
        },
      ),
    );
  });
});
