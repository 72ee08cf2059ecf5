import { describe, expect, it } from 'vitest';
import {
  CatalogueSchema,
  itemsFor,
  requirementsFor,
  requirementsByTheme,
} from '../../src/domain/catalogue.js';
import {
  CATALOGUES,
  DEFAULT_CATALOGUE_ID,
  findCatalogue,
  withCatalogue,
} from '../../src/domain/catalogue-registry.js';
import { OS2_2016 } from '../../src/domain/catalogues/os2-2016.js';
import type { Level, Theme } from '../../src/domain/level.js';

/**
 * Expected counts, derived from domain.md "Product levels N1, N2, N3" (one per list item; an item naming two
 * separately answerable things, as the report's tables list them, counts twice):
 * N1 relevance 3: idea described; local value described; value transfers to other municipalities.
 * N1 formal 10: source shared; licence; procurement; legality; security; data processing; documented;
 *   operating requirements; training material; follow or explain standards/reference architecture.
 * N1 governance 8: +1 municipalities; no OS2 funding; business manager assists with formal requirements;
 *   business manager decides the level; ongoing dialogue; project model not required; board informed; the project
 *   description approved by the steering group or project owner (4.1.4, read from the record).
 * N1 strategic fit 4: no tight tie to strategy; innovation; local municipal dynamics; open source.
 * N2 relevance 2: global municipal value; local line management acceptance.
 * N2 formal 7: project model (follow or explain); certified leader; strategic communication; presentation;
 *   one core version; best practice; operations set-up.
 * N2 governance 4: board approves; steering group approved by the board; coordination group; OS2 funding possible.
 * N2 strategic fit 2: OS2 vision and strategy; other OS2 projects/products (interfaces).
 * N3 relevance 1: national strategies.
 * N3 formal 4: political communication locally; towards KOMBIT/KL/Agency; coordinated with the board; process plan.
 * N3 governance 4: board approves; board appoints steering group; board majority; board member in coordination group.
 * N3 strategic fit 2: OS2 vision and strategy; KL/KOMBIT/Agency initiatives.
 */
const EXPECTED: Record<Level, Record<Theme, number>> = {
  N1: { relevance: 3, formal: 10, governance: 8, strategic_fit: 4 },
  N2: { relevance: 2, formal: 7, governance: 4, strategic_fit: 2 },
  N3: { relevance: 1, formal: 4, governance: 4, strategic_fit: 2 },
};

describe('domain.md "Product levels N1, N2, N3": the os2-2016 catalogue', () => {
  it('has every requirement of each level and theme', () => {
    for (const level of ['N1', 'N2', 'N3'] as const) {
      for (const theme of ['relevance', 'formal', 'governance', 'strategic_fit'] as const) {
        const n = OS2_2016.requirements.filter((r) => r.level === level && r.theme === theme).length;
        expect(n, `${level} ${theme}`).toBe(EXPECTED[level][theme]);
      }
    }
  });

  it('is cumulative: N2 includes N1 but what N2 replaces, N3 all of N2; permissions are not requirements', () => {
    const n1 = requirementsFor(OS2_2016, 'N1');
    const n2 = requirementsFor(OS2_2016, 'N2');
    const n3 = requirementsFor(OS2_2016, 'N3');
    // 25 N1 items, two of them permissions (the project model is optional; no tight tie to the strategy).
    expect(n1).toHaveLength(23);
    // N2 replaces five N1 items (local funding, level by the business manager, the two permissions, board only
    // informed) and adds 15, one a permission (OS2 funding possible).
    expect(n2).toHaveLength(25 - 5 + 15 - 1);
    expect(n3).toHaveLength(34 + 11);
    expect(n3.map((r) => r.id)).toEqual(expect.arrayContaining(n2.map((r) => r.id)));
    expect(requirementsByTheme(OS2_2016, 'N2').governance).toHaveLength(8 - 4 + 4 - 1);
  });

  it('finding 5: an N2/N3 product answers nothing that contradicts the N2/N3 rules', () => {
    const contradictions = [
      'N1-GOVERNANCE-LOCAL-FUNDING',
      'N1-GOVERNANCE-PROJECT-MODEL-OPTIONAL',
      'N1-STRATEGIC-NO-TIGHT-TIE',
      'N1-GOVERNANCE-LEVEL-PLACEMENT',
    ];
    for (const level of ['N2', 'N3'] as const) {
      const ids = requirementsFor(OS2_2016, level).map((r) => r.id);
      for (const id of contradictions) expect(ids, `${level} ${id}`).not.toContain(id);
      expect(ids).not.toContain('N2-GOVERNANCE-OS2-FUNDING');
      expect(itemsFor(OS2_2016, level).map((r) => r.id)).toContain('N2-GOVERNANCE-OS2-FUNDING');
    }
    expect(requirementsFor(OS2_2016, 'N1').map((r) => r.id)).toContain('N1-GOVERNANCE-LOCAL-FUNDING');
    expect(itemsFor(OS2_2016, 'N1').map((r) => r.id)).toContain('N1-GOVERNANCE-PROJECT-MODEL-OPTIONAL');
  });

  it('uses ids of the form N1-FORMAL-SOURCE-SHARED, unique, prefixed by their level, with Danish and English text', () => {
    expect(OS2_2016.requirements.map((r) => r.id)).toContain('N1-FORMAL-SOURCE-SHARED');
    expect(OS2_2016.requirements.map((r) => r.id)).toContain('N3-GOVERNANCE-BOARD-MAJORITY');
    const ids = OS2_2016.requirements.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of OS2_2016.requirements) {
      expect(r.id.startsWith(r.level)).toBe(true);
      expect(r.da.length).toBeGreaterThan(0);
      expect(r.en.length).toBeGreaterThan(0);
    }
  });

  it('is the default of the registry', () => {
    expect(DEFAULT_CATALOGUE_ID).toBe('os2-2016');
    expect(CATALOGUES[DEFAULT_CATALOGUE_ID]).toBe(OS2_2016);
  });

  it('a new catalogue is just data', () => {
    const next = {
      id: 'os2-2025',
      title: { da: 'Revideret 2025', en: 'Revised 2025' },
      requirements: [
        {
          id: 'N1-FORMAL-SBOM',
          theme: 'formal',
          level: 'N1',
          da: 'SBOM offentliggjort',
          en: 'SBOM published',
        },
        { id: 'N3-FORMAL-NIS2', theme: 'formal', level: 'N3', da: 'NIS2 vurderet', en: 'NIS2 assessed' },
      ],
    };
    const registry = withCatalogue(CATALOGUES, next);
    const found = findCatalogue('os2-2025', registry)!;
    expect(requirementsFor(found, 'N1').map((r) => r.id)).toEqual(['N1-FORMAL-SBOM']);
    expect(requirementsFor(found, 'N3')).toHaveLength(2);
    expect(findCatalogue('os2-2016', registry)).toBe(OS2_2016);
    expect(findCatalogue('toString')).toBeUndefined();
  });

  it('rejects bad catalogue data naming the field: unknown level, duplicate id, id on the wrong level', () => {
    const bad = CatalogueSchema.safeParse({
      id: 'x',
      title: { da: 'x', en: 'x' },
      requirements: [{ id: 'N4-FORMAL-X', theme: 'formal', level: 'N4', da: 'x', en: 'x' }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toContain('requirements.0.level');
    const dup = CatalogueSchema.safeParse({
      id: 'x',
      title: { da: 'x', en: 'x' },
      requirements: [
        { id: 'N1-A', theme: 'formal', level: 'N1', da: 'x', en: 'x' },
        { id: 'N1-A', theme: 'formal', level: 'N1', da: 'x', en: 'x' },
        { id: 'N1-B', theme: 'formal', level: 'N2', da: 'x', en: 'x' },
      ],
    });
    expect(dup.error!.issues.map((i) => i.path.join('.'))).toEqual([
      'requirements.1.id',
      'requirements.2.id',
    ]);
  });
});
