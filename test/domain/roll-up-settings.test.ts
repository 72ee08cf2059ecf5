// Issue 14: the portfolio counts what the app counts. The board's catalogue versions and the configured report
// cadence travel in the signed governance mirror and the pushed roll-up input, and the roll-up counts and dates
// with them; the development frame is in the roll-up. Old mirrors (without them) still verify and roll up as before.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rollUp, rollUpHash } from '../../src/domain/roll-up.js';
import { RollUpSchema } from '../../src/domain/rollup.js';
import { FIXTURE_PRODUCTS, fixtureByKey } from '../../demo/fixtures.js';
import { OS2_2016 } from '../../src/domain/catalogues/os2-2016.js';
import { requirementCounts } from '../../src/domain/requirements.js';
import {
  catalogueAt,
  changeCatalogue,
  MAX_MIRRORED_VERSIONS,
  mirroredChanges,
  type CatalogueVersion,
} from '../../src/domain/catalogue-versions.js';
import {
  buildGovernanceMirror,
  GovernanceMirrorSchema,
  mirroredSettings,
  readGovernanceMirror,
} from '../../src/mirror/governance-mirror.js';
import { signPushedRollUp, verifyPushedRollUp } from '../../src/mirror/pushed-rollup.js';
import { signPayload } from '../../src/mirror/signature.js';
import { DEFAULT_CADENCE } from '../../src/domain/reporting.js';
import { board, person } from './helpers.js';
import type { GovernanceRecord } from '../../src/domain/governance-record.js';
import type { Decision } from '../../src/domain/decision.js';

const SECRET = 'test-secret-of-at-least-32-characters!!';
const NOW = '2026-03-01T10:00:00Z';
const KITOS = fixtureByKey('KITOS');
const ADDED = 'N2-FORMAL-ARCHITECTURE-PRINCIPLES';
const PERMISSION = 'N2-GOVERNANCE-OS2-FUNDING';

function boardVersions(
  changes: Parameters<typeof changeCatalogue>[3]['change'][],
  reason = 'Bestyrelsesmøde',
): CatalogueVersion[] {
  let versions: CatalogueVersion[] = [];
  for (const change of changes) {
    const r = changeCatalogue(OS2_2016, versions, board, { change, reason }, NOW);
    if (!r.ok) throw new Error(r.error.code);
    versions = r.versions;
  }
  return versions;
}

const addArchitecture = {
  type: 'add' as const,
  id: ADDED,
  theme: 'formal' as const,
  level: 'N2' as const,
  da: 'OS2s arkitekturprincipper følges',
  en: "OS2's architecture principles are followed",
};

function roll(record: GovernanceRecord, extra: Partial<Parameters<typeof rollUp>[0]> = {}) {
  return rollUp({
    site: 'os2',
    record,
    decisions: [],
    integrity: 'verified',
    openRequests: 0,
    topRequests: [],
    ...extra,
  });
}

describe('the roll-up counts with the board versions the mirror carries', () => {
  it('an item the board added is open on the portfolio, as on the project page', () => {
    const versions = boardVersions([addArchitecture]);
    const before = roll(KITOS.record);
    const after = roll(KITOS.record, { catalogueChanges: mirroredChanges(versions) });
    expect(before.requirements.open).not.toContain(ADDED);
    expect(after.requirements.open).toContain(ADDED);
    expect(after.requirements.total).toBe(before.requirements.total + 1);
    // What the project page counts (the full versions against the code's catalogue).
    expect(after.requirements).toEqual(requirementCounts(KITOS.record, catalogueAt(OS2_2016, versions)));
  });

  it('a permission the board made obligatory counts as an open requirement', () => {
    const versions = boardVersions([{ type: 'makeObligatory', id: PERMISSION }]);
    const after = roll(KITOS.record, { catalogueChanges: mirroredChanges(versions) });
    expect(roll(KITOS.record).requirements.open).not.toContain(PERMISSION);
    expect(after.requirements.open).toContain(PERMISSION);
  });

  it('property: for any board versions, the portfolio counts every fixture as the project page does', () => {
    const idArb = fc
      .tuple(
        fc.constantFrom('N1', 'N2', 'N3'),
        fc.constantFrom('FORMAL', 'GOVERNANCE', 'RELEVANCE'),
        fc.stringMatching(/^[A-Z0-9]{1,12}$/),
      )
      .map(([level, theme, name]) => ({
        level: level as 'N1' | 'N2' | 'N3',
        id: `${level}-${theme}-X${name}`,
      }));
    const changeArb = fc.oneof(
      idArb.map(({ level, id }) => ({
        type: 'add' as const,
        id,
        level,
        theme: 'formal' as const,
        da: 'Tekst',
        en: 'Text',
      })),
      fc
        .constantFrom(...OS2_2016.requirements.filter((r) => r.kind === 'permission').map((r) => r.id))
        .map((id) => ({ type: 'makeObligatory' as const, id })),
    );
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 8 }), (changes) => {
        // Apply what the board may apply (a duplicate id or a permission made obligatory twice is refused).
        let versions: CatalogueVersion[] = [];
        for (const change of changes) {
          const r = changeCatalogue(OS2_2016, versions, board, { change, reason: 'x' }, NOW);
          if (r.ok) versions = r.versions;
        }
        const app = catalogueAt(OS2_2016, versions);
        for (const f of FIXTURE_PRODUCTS) {
          const r = roll(f.record, { catalogueChanges: mirroredChanges(versions) });
          expect(r.requirements).toEqual(requirementCounts(f.record, app));
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('the development frame in the roll-up', () => {
  it('KITOS: the coordination group set 400,000 kr., the board approved it', () => {
    const r = roll(KITOS.record);
    expect(r.frame).toEqual({ amountDkk: 400_000, approved: true });
    expect(RollUpSchema.parse(r)).toEqual(r);
  });

  it('on N2 without the board approval the frame is not in force; on N1 it is once set', () => {
    const { boardApproval: _b, ...unapproved } = KITOS.record.developmentFrame!;
    expect(roll({ ...KITOS.record, developmentFrame: unapproved }).frame).toEqual({
      amountDkk: 400_000,
      approved: false,
    });
    expect(roll({ ...KITOS.record, level: 'N1', developmentFrame: unapproved }).frame?.approved).toBe(true);
  });

  it('a product without a frame has no frame field, so its roll-up and hash are as before', () => {
    const { developmentFrame: _f, ...withoutFrame } = KITOS.record;
    const r = roll(withoutFrame);
    expect('frame' in r).toBe(false);
    const { frame: _x, ...withFrameRemoved } = roll(KITOS.record);
    expect(rollUpHash(r)).toBe(rollUpHash(withFrameRemoved));
  });
});

describe('the report cadence in the roll-up', () => {
  it('the configured cadence gives the due date; absent, the default', () => {
    const report = KITOS.record.statusReports.at(-1)!;
    const record = { ...KITOS.record, statusReports: [{ ...report, date: '2026-01-01' }] };
    expect(roll(record).reporting).toMatchObject({ cadenceDays: DEFAULT_CADENCE.N2, dueDate: '2026-04-02' });
    expect(roll(record, { cadence: { ...DEFAULT_CADENCE, N2: 30 } }).reporting).toMatchObject({
      cadenceDays: 30,
      dueDate: '2026-01-31',
    });
  });
});

describe('the signed mirror carries the settings', () => {
  const versions = boardVersions([addArchitecture, { type: 'makeObligatory', id: PERMISSION }]);
  const settings = mirroredSettings(mirroredChanges(versions), { ...DEFAULT_CADENCE, N2: 30 });

  it('defaults are left out: no versions and the default cadence give the old payload shape', () => {
    expect(mirroredSettings([], DEFAULT_CADENCE)).toEqual({});
    const mirror = buildGovernanceMirror(KITOS.record, KITOS.decisions, SECRET, {});
    expect(Object.keys(mirror.payload).sort()).toEqual(['decisions', 'record']);
  });

  it('an old-shape mirror (record and decisions only, signed before the settings existed) still verifies', () => {
    const payload = { record: KITOS.record, decisions: KITOS.decisions.slice(-10) };
    const old = {
      level: KITOS.record.level,
      state: KITOS.record.state,
      revision: KITOS.record.revision,
      payload,
      signature: signPayload(payload, SECRET),
    };
    const read = readGovernanceMirror(JSON.parse(JSON.stringify(old)), SECRET);
    expect(read.integrity).toBe('verified');
    if (read.integrity === 'verified') expect(read.payload.catalogueChanges).toBeUndefined();
  });

  it('a mirror with versions and cadence verifies and gives them back', () => {
    const mirror = JSON.parse(JSON.stringify(buildGovernanceMirror(KITOS.record, [], SECRET, settings)));
    const read = readGovernanceMirror(mirror, SECRET);
    if (read.integrity !== 'verified') throw new Error(read.reason);
    expect(read.payload.catalogueChanges).toEqual([
      { type: 'add', id: ADDED, theme: 'formal', level: 'N2' },
      { type: 'makeObligatory', id: PERMISSION },
    ]);
    expect(read.payload.cadence).toEqual({ N1: 182, N2: 30, N3: 30 });
  });

  it('a versions list edited in Jira (an item removed, one added, the cadence changed) is tampered', () => {
    const mirror = () =>
      JSON.parse(JSON.stringify(buildGovernanceMirror(KITOS.record, [], SECRET, settings)));
    const removed = mirror();
    removed.payload.catalogueChanges.shift();
    const added = mirror();
    added.payload.catalogueChanges.push({
      type: 'makeObligatory',
      id: 'N1-GOVERNANCE-PROJECT-MODEL-OPTIONAL',
    });
    const dropped = mirror();
    delete dropped.payload.catalogueChanges;
    const cadence = mirror();
    cadence.payload.cadence.N2 = 730;
    for (const forged of [removed, added, dropped, cadence])
      expect(readGovernanceMirror(forged, SECRET)).toMatchObject({ integrity: 'tampered' });
  });

  it('when the cadence was saved is signed too, also for a cadence set back to the default (p14s)', () => {
    // The stamp is what lets the service rank cadences; the default cadence itself is left out, the stamp is not.
    expect(mirroredSettings([], DEFAULT_CADENCE, 1_700_000_000_000)).toEqual({
      cadenceSetAt: 1_700_000_000_000,
    });
    const stamped = mirroredSettings([], { ...DEFAULT_CADENCE, N2: 30 }, 1_700_000_000_000);
    const mirror = () => JSON.parse(JSON.stringify(buildGovernanceMirror(KITOS.record, [], SECRET, stamped)));
    const read = readGovernanceMirror(mirror(), SECRET);
    if (read.integrity !== 'verified') throw new Error(read.reason);
    expect(read.payload.cadenceSetAt).toBe(1_700_000_000_000);
    // An older mirror made to look newer (or the reverse) by editing the stamp no longer verifies.
    const restamped = mirror();
    restamped.payload.cadenceSetAt = Date.now();
    const unstamped = mirror();
    delete unstamped.payload.cadenceSetAt;
    for (const forged of [restamped, unstamped])
      expect(readGovernanceMirror(forged, SECRET)).toMatchObject({ integrity: 'tampered' });
  });

  it('the pushed roll-up input carries them signed; an edit in transit does not verify', () => {
    const subject = { siteUrl: 'https://os2.example', projectId: KITOS.record.project.id };
    const pushed = signPushedRollUp(
      { record: KITOS.record, decisions: [], openRequests: 0, topRequests: [], ...settings },
      subject,
      SECRET,
    );
    expect(verifyPushedRollUp(JSON.parse(JSON.stringify(pushed)), subject, [SECRET]).ok).toBe(true);
    const edited = JSON.parse(JSON.stringify(pushed));
    edited.input.catalogueChanges = [];
    expect(verifyPushedRollUp(edited, subject, [SECRET])).toMatchObject({ ok: false });
    const shortened = JSON.parse(JSON.stringify(pushed));
    shortened.input.catalogueChanges.pop();
    expect(verifyPushedRollUp(shortened, subject, [SECRET])).toMatchObject({
      ok: false,
      reason: 'signature',
    });
  });
});

describe('size: the mirror stays under Jira’s 32,768-character property limit', () => {
  it(`the largest fixture record, 10 long decisions and ${MAX_MIRRORED_VERSIONS} board versions with long ids`, () => {
    const largest = [...FIXTURE_PRODUCTS].sort(
      (a, b) => JSON.stringify(b.record).length - JSON.stringify(a.record).length,
    )[0]!;
    const d0 = FIXTURE_PRODUCTS.flatMap((f) => f.decisions)[0]!;
    const decisions: Decision[] = Array.from({ length: 10 }, (_, i) => ({
      ...d0,
      id: `d-${i}`,
      summary: 'x'.repeat(500),
      decidedBy: person('a'.repeat(40), 'N'.repeat(100)),
    }));
    // Ids as long as the schema allows (64), each a distinct add, with texts and reasons that the mirror drops.
    const changes = Array.from({ length: MAX_MIRRORED_VERSIONS + 10 }, (_, i) => ({
      type: 'add' as const,
      id: `N3-GOVERNANCE-${String(i).padStart(4, '0')}-${'X'.repeat(45)}`,
      theme: 'strategic_fit' as const,
      level: 'N3' as const,
      da: 'd'.repeat(500),
      en: 'e'.repeat(500),
    }));
    const versions = boardVersions(changes, 'r'.repeat(4000));
    const mirror = buildGovernanceMirror(
      largest.record,
      decisions,
      SECRET,
      mirroredSettings(mirroredChanges(versions), { N1: 730, N2: 730, N3: 730 }),
    );
    expect(mirror.payload.catalogueChanges).toHaveLength(MAX_MIRRORED_VERSIONS);
    expect(GovernanceMirrorSchema.parse(mirror)).toEqual(mirror);
    const size = JSON.stringify(mirror).length;
    console.info(
      `[size] os2-governance with ${largest.record.project.key}'s record, 10 decisions, ${MAX_MIRRORED_VERSIONS} versions: ${size} characters (limit 32,768); without versions ${JSON.stringify(buildGovernanceMirror(largest.record, decisions, SECRET)).length}`,
    );
    expect(size).toBeLessThan(32_768);
  });
});
