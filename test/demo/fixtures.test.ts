import { describe, expect, it } from 'vitest';
import { FIXTURE_PEOPLE, FIXTURE_PRODUCTS, fixtureByKey } from '../../demo/fixtures.js';
import { GovernanceRecordSchema } from '../../src/domain/governance-record.js';
import type { GovernanceRecord } from '../../src/domain/governance-record.js';
import { DecisionSchema } from '../../src/domain/decision.js';
import { recordRuleViolations } from '../../src/domain/invariants.js';
import { isKommunekode } from '../../src/domain/municipalities.js';
import { OS2_2016 } from '../../src/domain/catalogues/os2-2016.js';

describe('fixtures: realistic OS2 products that obey domain.md', () => {
  it('has 6–8 products with the agreed keys, sites, levels and states', () => {
    expect(FIXTURE_PRODUCTS.length).toBeGreaterThanOrEqual(6);
    expect(FIXTURE_PRODUCTS.length).toBeLessThanOrEqual(8);
    const shape = (key: string) => {
      const f = fixtureByKey(key);
      return [f.site, f.record.level, f.record.state];
    };
    expect(shape('MO')).toEqual(['os2', 'N3', 'product']);
    expect(shape('KITOS')).toEqual(['os2', 'N2', 'product']);
    expect(shape('ROLLE')).toEqual(['os2', 'N2', 'approved']);
    expect(shape('SOFD')).toEqual(['supplier', 'N2', 'product']);
    expect(shape('FORD')).toEqual(['os2', 'N1', 'concept']);
    expect(shape('DATA')).toEqual(['os2', 'N2', 'idea']);
    expect(fixtureByKey('DATA').decisions.at(-1)?.kind).toBe('send_back');
    const ids = FIXTURE_PRODUCTS.map((f) => f.record.project.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^\d+$/);
  });

  it('every record and decision parses with the shared schemas (round trip unchanged)', () => {
    for (const f of FIXTURE_PRODUCTS) {
      expect(GovernanceRecordSchema.parse(f.record)).toEqual(f.record);
      for (const d of f.decisions) expect(DecisionSchema.parse(d)).toEqual(d);
    }
  });

  it('"Who is who" and the level rules: no fixture breaks a governance rule', () => {
    for (const f of FIXTURE_PRODUCTS)
      expect(recordRuleViolations(f.record), f.record.project.key).toEqual([]);
  });

  it('N3 (OS2mo): board-appointed steering group with board majority, board member in the coordination group', () => {
    const mo = fixtureByKey('MO').record;
    expect(mo.steeringGroup?.appointedByBoard).toBe(true);
    const board = mo.steeringGroup!.members.filter((m) => m.boardMember).length;
    expect(board * 2).toBeGreaterThan(mo.steeringGroup!.members.length);
    expect(mo.coordinationGroup!.members.some((m) => m.boardMember)).toBe(true);
  });

  it('decision logs are consistent: ids unique, chronological, the last state change ends in the record state', () => {
    const ids = FIXTURE_PRODUCTS.flatMap((f) => f.decisions.map((d) => d.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of FIXTURE_PRODUCTS) {
      const times = f.decisions.map((d) => d.decidedAt);
      expect([...times].sort()).toEqual(times);
      const lastMove = f.decisions.filter((d) => d.toState !== undefined).at(-1);
      expect(lastMove?.toState, f.record.project.key).toBe(f.record.state);
      const board = f.decisions.filter(
        (d) => d.kind === 'approve' || d.kind === 'change_level' || d.kind === 'send_back',
      );
      for (const d of board) expect(d.body).toBe('board');
    }
  });

  it('uses real kommunekoder, answers met/explained/open, DKK status reports, and known people', () => {
    const people = new Set(FIXTURE_PEOPLE.map((p) => p.accountId));
    expect(people.size).toBe(FIXTURE_PEOPLE.length);
    const statuses = new Set<string>();
    for (const f of FIXTURE_PRODUCTS) {
      for (const m of f.record.municipalities) expect(isKommunekode(m.code)).toBe(true);
      // Answers given under an earlier level stay stored (work carries over), so any catalogue id is known.
      const known = new Set(OS2_2016.requirements.map((r) => r.id));
      for (const [id, a] of Object.entries(f.record.requirements)) {
        expect(known.has(id), id).toBe(true);
        statuses.add(a.status);
      }
      for (const m of f.record.steeringGroup?.members ?? [])
        expect(people.has(m.person.accountId)).toBe(true);
      if (f.record.projectLeader) expect(people.has(f.record.projectLeader.accountId)).toBe(true);
      for (const d of f.decisions) expect(people.has(d.decidedBy.accountId)).toBe(true);
    }
    expect([...statuses].sort()).toEqual(['explained', 'met', 'open']);
    expect(FIXTURE_PRODUCTS.some((f) => f.record.statusReports.length > 0)).toBe(true);
    const groups = new Set(FIXTURE_PEOPLE.flatMap((p) => p.groups));
    expect(groups.has('os2-sekretariat')).toBe(true);
    expect(groups.has('os2-bestyrelse')).toBe(true);
    expect(groups.has('kommune-751')).toBe(true);
  });
});

describe('fixtures: each decision log replays through the approval state machine', () => {
  it('starting from the idea, every logged decision is allowed for its decider and ends in the record’s state and level', async () => {
    const approval = await import('../../src/domain/approval.js');
    const people = new Map(FIXTURE_PEOPLE.map((p) => [p.accountId, p]));
    for (const f of FIXTURE_PRODUCTS) {
      const first = f.decisions[0]!;
      let record: GovernanceRecord = {
        ...f.record,
        state: 'idea',
        level: first.toLevel!,
        placedOnLevelAt: undefined,
      };
      for (const d of f.decisions) {
        const p = people.get(d.decidedBy.accountId)!;
        const actor = {
          accountId: p.accountId,
          displayName: p.displayName,
          roles: p.roles.filter((r) => r !== 'supplier') as (
            'secretariat' | 'board' | 'project_admin' | 'municipality_member'
          )[],
          municipalities: p.municipality ? [p.municipality] : [],
        };
        const args = [d.decidedAt, d.id] as const;
        const r =
          d.kind === 'place_on_level'
            ? approval.placeOnLevel(record, actor, { level: d.toLevel!, basis: d.basis }, ...args)
            : d.kind === 'submit_to_board'
              ? approval.submitToBoard(record, actor, { basis: d.basis }, ...args)
              : d.kind === 'start_implementation'
                ? approval.startImplementation(record, actor, { basis: d.basis }, ...args)
                : d.kind === 'approve'
                  ? approval.approve(record, actor, { basis: d.basis }, ...args)
                  : d.kind === 'send_back'
                    ? approval.sendBack(record, actor, { reason: d.basis }, ...args)
                    : d.kind === 'become_product'
                      ? approval.becomeProduct(record, actor, { basis: d.basis }, ...args)
                      : d.kind === 'change_level'
                        ? approval.changeLevel(record, actor, { level: d.toLevel!, reason: d.basis }, ...args)
                        : d.kind === 'appoint_steering_group'
                          ? approval.appointSteeringGroup(
                              record,
                              actor,
                              {
                                steeringGroup: {
                                  members: f.record.steeringGroup!.members,
                                  chair: f.record.steeringGroup!.chair,
                                },
                              },
                              ...args,
                            )
                          : undefined;
        if (!r) continue; // poll_closed: not a transition of the record
        expect(r.ok ? 'ok' : `${f.record.project.key} ${d.id}: ${r.error.code}`).toBe('ok');
        if (r.ok) {
          expect(r.decision.kind).toBe(d.kind);
          expect(r.decision.body).toBe(d.body);
          record = r.record;
        }
      }
      expect([record.state, record.level], f.record.project.key).toEqual([f.record.state, f.record.level]);
    }
  });
});
