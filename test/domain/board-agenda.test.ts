// The board meeting's agenda and its decisions (issue 15 item 4), on the fixture portfolio: what the board sees,
// in which order, and that every decision of a meeting goes through the domain's own rules with the meeting on it.
import { describe, expect, it } from 'vitest';
import {
  applyMeetingChangeRequest,
  applyMeetingDecision,
  boardAgenda,
  economicFrame,
  RecordMeetingInputSchema,
  type AgendaItem,
  type ConceptItem,
} from '../../src/domain/board-agenda.js';
import { DecisionSchema } from '../../src/domain/decision.js';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import type { ChangeRequest } from '../../src/domain/change-request.js';
import { board, fixture, member, NOW, person, secretariat } from './helpers.js';

const MEETING = { date: '2026-12-10', minutesUrl: 'https://os2.eu/bestyrelsen/referat-2026-12-10' };
const records = () => FIXTURE_PRODUCTS.map((p) => structuredClone(p.record));

function request(changes: Partial<ChangeRequest> = {}): ChangeRequest {
  return {
    id: 'cr-1',
    issueKey: 'KITOS-7',
    title: 'Nyt integrations-API',
    size: 'large',
    state: 'recommended',
    submittedBy: person('k751-karin'),
    submittedAt: '2026-10-01T10:00:00Z',
    estimate: { hours: 400, dkk: 9_000_000, supplier: 'Leverandøren A/S', at: '2026-10-20T10:00:00Z' },
    recommendation: {
      text: 'Sekretariatet indstiller ønsket',
      by: person('os2-sek-mette'),
      at: '2026-10-21T10:00:00Z',
    },
    revision: 6,
    ...changes,
  };
}

const kinds = (items: AgendaItem[]) => items.map((i) => `${i.kind}:${i.product.key}`);

describe('board agenda', () => {
  it('gathers the concept under review with the recommendation, steering group, budget and open requirements by name', () => {
    const agenda = boardAgenda({ records: records(), changeRequests: [], today: '2020-03-01' });
    const iot = agenda.items.find((i) => i.kind === 'concept') as ConceptItem;
    expect(iot.product).toMatchObject({ key: 'IOT', level: 'N2', state: 'board_review', revision: 4 });
    expect(iot.recommendation).toEqual({
      by: 'Mette Søndergaard',
      at: '2020-02-25T09:00:00Z',
      basis: 'Indstilling fra Aalborg, Aarhus og Sønderborg.',
    });
    expect(iot.steeringGroup?.members.map((m) => m.municipality)).toEqual([
      'Aalborg',
      'Aarhus',
      'Sønderborg',
    ]);
    expect(iot.steeringGroup?.chair).toBeDefined();
    // The open requirements by their text, not only their ids: the board reads names.
    const open = iot.openRequirements.map((r) => r.id);
    expect(open).toEqual(expect.arrayContaining(['N2-FORMAL-BEST-PRACTICE', 'N1-FORMAL-TRAINING']));
    expect(iot.openRequirements.every((r) => r.da.length > 10 && r.en.length > 10)).toBe(true);
    expect(iot.budget).toBeUndefined();
  });

  it('says which rule would refuse the approval today, and nothing when it may be approved', () => {
    const noTowns = fixture('IOT', { municipalities: [] });
    const blocked = boardAgenda({ records: [noTowns], changeRequests: [], today: '2020-03-01' }).items[0];
    expect(blocked).toMatchObject({ kind: 'concept', approvalBlockedBy: 'NO_PARTICIPATING_MUNICIPALITY' });
    const fine = boardAgenda({ records: [fixture('IOT')], changeRequests: [], today: '2020-03-01' }).items[0];
    expect(fine).not.toHaveProperty('approvalBlockedBy');
  });

  it('lists overdue, red and over-budget running products for attention, and none of the others', () => {
    const red = fixture('ROLLE');
    red.statusReports = [
      {
        ...red.statusReports[0]!,
        date: '2026-11-20',
        rag: 'red',
        spentDkk: 10,
        forecastDkk: red.statusReports[0]!.budgetDkk + 50_000,
      },
    ];
    const agenda = boardAgenda({ records: [red, fixture('FORD')], changeRequests: [], today: '2026-12-01' });
    expect(agenda.items).toEqual([
      expect.objectContaining({
        kind: 'attention',
        reasons: ['red', 'overrun'],
        overrunDkk: 50_000,
        lastReport: '2026-11-20',
      }),
    ]);
    // Years on, every running fixture product is overdue with its report.
    const late = boardAgenda({ records: records(), changeRequests: [], today: '2026-12-01' }).items.filter(
      (i) => i.kind === 'attention',
    );
    expect(late.map((i) => i.product.key).sort()).toEqual(['CPR', 'KITOS', 'MO', 'ROLLE', 'SOFD']);
    expect(late.every((i) => i.kind === 'attention' && i.reasons.includes('overdue'))).toBe(true);
  });

  it('puts proposed level changes and change requests beyond the frame on the agenda, in section order', () => {
    // KITOS's development frame, set by its coordination group and approved by the board (N2).
    const kitos = fixture('KITOS', {
      developmentFrame: {
        amountDkk: 5_000_000,
        setBy: person('x'),
        setAt: NOW,
        body: 'coordination_group',
        boardApproval: { by: person('y'), at: NOW },
      },
    });
    expect(economicFrame(kitos)).toBe(5_000_000);
    const agenda = boardAgenda({
      records: [kitos, fixture('IOT'), fixture('DATA'), fixture('FORD', { state: 'retired' })],
      changeRequests: [
        { issueId: '20001', request: request() },
        {
          issueId: '20002',
          request: request({ id: 'cr-2', estimate: { hours: 10, dkk: 40_000, supplier: 'A', at: NOW } }),
        },
        { issueId: '20003', request: request({ id: 'cr-3', state: 'estimated' }) },
      ],
      plan: {
        date: '2026-12-10',
        levelProposals: [
          {
            projectId: '10006',
            toLevel: 'N3',
            reason: 'Bred interesse',
            proposedBy: person('m', 'Mette'),
            proposedAt: NOW,
          },
          // Same level, closed record: nothing to decide.
          { projectId: '10002', toLevel: 'N2', reason: 'x', proposedBy: person('m'), proposedAt: NOW },
          { projectId: '10005', toLevel: 'N2', reason: 'x', proposedBy: person('m'), proposedAt: NOW },
        ],
      },
      today: '2020-03-01',
    });
    expect(agenda.meetingDate).toBe('2026-12-10');
    // KITOS is also for attention (its fixture report is not current); that section comes last.
    expect(kinds(agenda.items)).toEqual([
      'concept:IOT',
      'level_change:DATA',
      'change_request:KITOS',
      'attention:KITOS',
    ]);
    // KITOS has a coordination group: the request cannot be decided before the group refers it to the board.
    expect(agenda.items[2]).toMatchObject({
      issueId: '20001',
      frameDkk: 5_000_000,
      requestRevision: 6,
      decisionBlockedBy: 'NEEDS_COORDINATION_GROUP_REFERRAL',
    });
    // Without the board's approval an N2 frame is no frame.
    const unapproved = {
      ...kitos,
      developmentFrame: { ...kitos.developmentFrame!, boardApproval: undefined },
    };
    expect(economicFrame(unapproved)).toBeUndefined();
  });
});

describe('recording the meeting', () => {
  it('approves through the domain as the board, with the meeting reference on the decision, also when the secretariat records it', () => {
    for (const actor of [board, secretariat]) {
      const r = applyMeetingDecision(
        fixture('IOT'),
        actor,
        { action: 'approve', projectId: '10008', expectedRevision: 4, basis: 'Godkendt på mødet' },
        MEETING,
        NOW,
        'd-1',
      );
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.record.state).toBe('approved');
      expect(r.record.revision).toBe(5);
      expect(r.decision).toMatchObject({
        kind: 'approve',
        body: 'board',
        meeting: MEETING,
        decidedBy: { accountId: actor.accountId },
      });
      expect(DecisionSchema.parse(r.decision).meeting).toEqual(MEETING);
    }
  });

  it("keeps the domain's rules: a municipality member is refused, a send-back needs its reason, a product cannot be approved", () => {
    const d = { action: 'sendBack', projectId: '10008', expectedRevision: 4 } as const;
    expect(
      applyMeetingDecision(fixture('IOT'), member, { ...d, reason: 'x' }, MEETING, NOW, 'd'),
    ).toMatchObject({
      ok: false,
      error: { code: 'ONLY_BOARD_APPROVES' },
    });
    expect(applyMeetingDecision(fixture('IOT'), board, d, MEETING, NOW, 'd')).toMatchObject({
      ok: false,
      error: { code: 'REASON_REQUIRED' },
    });
    const approveMo = { action: 'approve', projectId: '10001', expectedRevision: 1, basis: '' } as const;
    expect(applyMeetingDecision(fixture('MO'), board, approveMo, MEETING, NOW, 'd')).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION', da: expect.any(String), en: expect.any(String) },
    });
  });

  it('decides a change request beyond the frame as the board, financed as referred, or else outside the product', () => {
    const r = applyMeetingChangeRequest(
      request(),
      secretariat,
      { action: 'decideChangeRequest', issueId: '20001', expectedRevision: 6, approve: true },
      MEETING,
      NOW,
      'd-2',
    );
    expect(r).toMatchObject({
      ok: true,
      request: {
        state: 'approved',
        financing: 'outside_product',
        outcome: { body: 'board', approved: true },
      },
      decision: { kind: 'change_request', body: 'board', meeting: MEETING },
    });
    const referred = request({
      referral: { text: 'Koordinationsgruppen indstiller', financing: 'product', by: person('k'), at: NOW },
    });
    const viaReferral = applyMeetingChangeRequest(
      referred,
      board,
      {
        action: 'decideChangeRequest',
        issueId: '20001',
        expectedRevision: 6,
        approve: false,
        reason: 'For dyrt',
      },
      MEETING,
      NOW,
      'd-3',
      fixture('KITOS'),
    );
    expect(viaReferral).toMatchObject({ ok: true, request: { state: 'rejected', financing: 'product' } });
  });

  it('refuses a meeting without a date or with a minutes link that is not a web address, in Danish', () => {
    const bad = RecordMeetingInputSchema.safeParse({
      meeting: { date: '10-12-2026', minutesUrl: 'javascript:alert(1)' },
      decisions: [{ action: 'approve', projectId: '10008', expectedRevision: 4 }],
    });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => i.message);
    expect(messages).toContain('Mødets dato skal være en dato (åååå-mm-dd)');
    expect(messages).toContain('Referatet skal være et link (https://…)');
    expect(RecordMeetingInputSchema.safeParse({ meeting: MEETING, decisions: [] }).success).toBe(false);
  });

  it('reads a stored decision log from before meetings were recorded', () => {
    const old = structuredClone(FIXTURE_PRODUCTS[0]!.decisions[0]!);
    expect(DecisionSchema.parse(old).meeting).toBeUndefined();
  });
});
