// Finding 5 of issue 14 (seed 003 4.1.6): the board adds an obligatory item to the catalogue, or makes an item
// obligatory, without a code change; each change is a new version with who, when and why, and answers given
// against an earlier version keep their meaning.
import { describe, expect, it } from 'vitest';
import { catalogueAt, changeCatalogue, withBoardVersions } from '../../src/domain/catalogue-versions.js';
import { CATALOGUES } from '../../src/domain/catalogue-registry.js';
import { OS2_2016 } from '../../src/domain/catalogues/os2-2016.js';
import { requirementCounts } from '../../src/domain/requirements.js';
import { answerRequirement } from '../../src/domain/project-work.js';
import { requirementsFor, itemsFor } from '../../src/domain/catalogue.js';
import { board, fixture, secretariat } from './helpers.js';

const NOW = '2026-03-01T10:00:00Z';
const architecture = {
  type: 'add' as const,
  id: 'N2-FORMAL-ARCHITECTURE-PRINCIPLES',
  theme: 'formal' as const,
  level: 'N2' as const,
  da: 'OS2s arkitekturprincipper følges',
  en: "OS2's architecture principles are followed",
};

describe("the board's catalogue versions", () => {
  it('the board adds an obligatory item: version 1 with who, when, why; it applies to N2 and N3, not N1', () => {
    const r = changeCatalogue(
      OS2_2016,
      [],
      board,
      { change: architecture, reason: 'Bestyrelsesmøde 4/3' },
      NOW,
    );
    if (!r.ok) throw new Error(r.error.code);
    expect(r.version).toMatchObject({
      version: 1,
      by: { accountId: board.accountId },
      at: NOW,
      reason: 'Bestyrelsesmøde 4/3',
    });
    const ids = (level: 'N1' | 'N2' | 'N3') => requirementsFor(r.catalogue, level).map((x) => x.id);
    expect(ids('N2')).toContain(architecture.id);
    expect(ids('N3')).toContain(architecture.id);
    expect(ids('N1')).not.toContain(architecture.id);
    // Version 0 is the code's catalogue, unchanged.
    expect(catalogueAt(OS2_2016, r.versions, 0)).toBe(OS2_2016);
  });

  it('only the board; a reason is required; an id that exists or has the wrong level is refused', () => {
    const bySecretariat = changeCatalogue(
      OS2_2016,
      [],
      secretariat,
      { change: architecture, reason: 'x' },
      NOW,
    );
    expect(bySecretariat.ok ? 'ok' : bySecretariat.error.code).toBe('ONLY_BOARD_CHANGES_CATALOGUE');
    const noReason = changeCatalogue(OS2_2016, [], board, { change: architecture, reason: ' ' }, NOW);
    expect(noReason.ok ? 'ok' : noReason.error.issues?.[0]?.path).toEqual(['reason']);
    const twice = changeCatalogue(
      OS2_2016,
      [],
      board,
      { change: { ...architecture, id: 'N2-FORMAL-PRESENTATION' }, reason: 'x' },
      NOW,
    );
    expect(twice.ok ? 'ok' : twice.error.issues?.[0]?.message).toMatch(/findes to gange/);
    const wrongLevel = changeCatalogue(
      OS2_2016,
      [],
      board,
      { change: { ...architecture, level: 'N3' }, reason: 'x' },
      NOW,
    );
    expect(wrongLevel.ok ? 'ok' : wrongLevel.error.issues?.[0]?.message).toMatch(
      /skal begynde med niveauet N3/,
    );
  });

  it('a permission made obligatory is answered and counted from then on', () => {
    const permission = itemsFor(OS2_2016, 'N2').find((x) => x.kind === 'permission')!;
    const r = changeCatalogue(
      OS2_2016,
      [],
      board,
      { change: { type: 'makeObligatory', id: permission.id }, reason: 'x' },
      NOW,
    );
    if (!r.ok) throw new Error(r.error.code);
    expect(requirementsFor(r.catalogue, 'N2').map((x) => x.id)).toContain(permission.id);
    const again = changeCatalogue(
      OS2_2016,
      r.versions,
      board,
      { change: { type: 'makeObligatory', id: permission.id }, reason: 'x' },
      NOW,
    );
    expect(again.ok ? 'ok' : again.error.issues?.[0]?.message).toMatch(/allerede et krav/);
  });

  it('existing answers keep working: the new item is open, everything answered before stays answered', () => {
    const r = changeCatalogue(OS2_2016, [], board, { change: architecture, reason: 'x' }, NOW);
    if (!r.ok) throw new Error(r.error.code);
    const kitos = fixture('KITOS');
    const before = requirementCounts(kitos, OS2_2016);
    const after = requirementCounts(kitos, r.catalogue);
    expect(after.total).toBe(before.total + 1);
    expect(after.met + after.explained).toBe(before.met + before.explained);
    expect(after.open).toEqual([...before.open, architecture.id]);
    // The project can answer it through the registry the resolvers pass.
    const registry = withBoardVersions(CATALOGUES, { [OS2_2016.id]: r.versions });
    const answered = answerRequirement(
      kitos,
      secretariat,
      { requirementId: architecture.id, status: 'met' },
      NOW,
      { catalogues: registry },
    );
    expect(answered.ok).toBe(true);
    const without = answerRequirement(
      kitos,
      secretariat,
      { requirementId: architecture.id, status: 'met' },
      NOW,
    );
    expect(without.ok ? 'ok' : without.error.code).toBe('UNKNOWN_REQUIREMENT');
  });
});
