import { describe, expect, it } from 'vitest';
import {
  assess,
  assignWorkingGroup,
  ChangeRequestSchema,
  decideLarge,
  decideSmall,
  prioritise,
  publishOutcome,
  recommend,
  recordEstimate,
  referToBoard,
  rejectChangeRequest,
  specify,
  submitChangeRequest,
} from '../../src/domain/change-request.js';
import { DecisionSchema } from '../../src/domain/decision.js';
import { fixtureByKey } from '../../demo/fixtures.js';
import { board, member, secretariat } from './helpers.js';
import type { Actor } from '../../src/domain/actor.js';
import type { ChangeRequest, ChangeRequestResult } from '../../src/domain/change-request.js';

const NOW = '2017-10-02T09:00:00Z';
const code = (r: ChangeRequestResult) => (r.ok ? 'ok' : r.error.code);
function ok(r: ChangeRequestResult) {
  if (!r.ok) throw new Error(r.error.code);
  expect(ChangeRequestSchema.parse(r.request)).toEqual(r.request);
  if (r.decision) expect(DecisionSchema.parse(r.decision)).toEqual(r.decision);
  return r;
}
const kitos = fixtureByKey('KITOS').record;
const as = (accountId: string, roles: Actor['roles'] = ['municipality_member']): Actor => ({
  accountId,
  displayName: accountId,
  roles,
  municipalities: [],
});
// KITOS fixture: Søren (710) convenes the contract working group and sits in the coordination group; Birgit chairs the steering group.
const convenor = as('k710-soeren');
const coordinator = as('k630-maria');
const steering = as('k706-birgit');
const convenorPerson = { accountId: 'k710-soeren', displayName: 'Søren Holmgaard' };

function submitted(size: 'small' | 'large'): ChangeRequest {
  return ok(
    submitChangeRequest(
      member,
      { id: 'cr-1', issueKey: 'KITOS-812', title: 'Ny kontraktrolle: Databehandleransvarlig', size },
      NOW,
    ),
  ).request;
}
function through(
  state: 'assessed' | 'prioritised' | 'specified' | 'estimated' | 'recommended',
  dkk = 180_000,
): ChangeRequest {
  let cr = ok(
    assignWorkingGroup(
      submitted('large'),
      secretariat,
      { name: 'Kontraktarbejdsgruppen', convenor: convenorPerson },
      NOW,
    ),
  ).request;
  cr = ok(
    assess(
      cr,
      convenor,
      { purpose: 'Overblik over kontrakter', businessValue: 'Sparer tid ved genudbud' },
      NOW,
    ),
  ).request;
  if (state === 'assessed') return cr;
  cr = ok(prioritise(cr, convenor, { body: 'working_group', priority: 1 }, NOW, 'cr-d1')).request;
  if (state === 'prioritised') return cr;
  cr = ok(specify(cr, convenor, { text: 'Kravspecifikation v1' }, NOW)).request;
  if (state === 'specified') return cr;
  cr = ok(recordEstimate(cr, secretariat, { hours: 240, dkk, supplier: 'Leverandøren' }, NOW)).request;
  if (state === 'estimated') return cr;
  return ok(recommend(cr, secretariat, { text: 'Sekretariatet indstiller til godkendelse' }, NOW)).request;
}

describe('seed 001 "Rammer for arbejdsgrupperne": small requests are decided by the secretariat', () => {
  it('the secretariat approves a small request directly; a change_request decision is recorded', () => {
    const r = ok(decideSmall(submitted('small'), secretariat, { approve: true }, NOW, 'd1'));
    expect(r.request.state).toBe('approved');
    expect(r.decision).toMatchObject({ kind: 'change_request', body: 'secretariat' });
    expect(r.decision!.summary).toContain('KITOS-812');
  });

  it('refusals: only the secretariat (CHANGE_REQUEST_WRONG_BODY), only small and submitted, a rejection needs a reason', () => {
    expect(code(decideSmall(submitted('small'), member, { approve: true }, NOW, 'd'))).toBe(
      'CHANGE_REQUEST_WRONG_BODY',
    );
    expect(code(decideSmall(submitted('large'), secretariat, { approve: true }, NOW, 'd'))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(code(decideSmall(submitted('small'), secretariat, { approve: false }, NOW, 'd'))).toBe(
      'REASON_REQUIRED',
    );
    expect(
      ok(
        decideSmall(submitted('small'), secretariat, { approve: false, reason: 'Findes allerede' }, NOW, 'd'),
      ).request.state,
    ).toBe('rejected');
  });
});

describe('seed 001: larger requests go through a working group, an estimate, a recommendation and approval', () => {
  it('assignWorkingGroup: the secretariat routes a large request; refusals', () => {
    expect(code(assignWorkingGroup(submitted('large'), member, { name: 'X' }, NOW))).toBe(
      'CHANGE_REQUEST_WRONG_BODY',
    );
    expect(code(assignWorkingGroup(submitted('small'), secretariat, { name: 'X' }, NOW))).toBe(
      'ILLEGAL_TRANSITION',
    );
    // Without a convenor, the secretariat calls the group and acts for it.
    const cr = ok(
      assignWorkingGroup(submitted('large'), secretariat, { name: 'Kontraktarbejdsgruppen' }, NOW),
    ).request;
    expect(code(assess(cr, secretariat, { purpose: 'p', businessValue: 'v' }, NOW))).toBe('ok');
  });

  it('assess: purpose and business value, by the convenor (tovholder) or the secretariat', () => {
    const cr = ok(
      assignWorkingGroup(submitted('large'), secretariat, { name: 'K', convenor: convenorPerson }, NOW),
    ).request;
    expect(code(assess(cr, member, { purpose: 'p', businessValue: 'v' }, NOW))).toBe('NOT_MEMBER_OF_BODY');
    expect(code(assess(submitted('large'), convenor, { purpose: 'p', businessValue: 'v' }, NOW))).toBe(
      'ILLEGAL_TRANSITION',
    );
    const bad = assess(cr, convenor, { purpose: 'p', businessValue: ' ' }, NOW);
    expect(!bad.ok && bad.error.issues?.[0]?.path).toEqual(['businessValue']);
    expect(
      ok(assess(cr, convenor, { purpose: 'p', businessValue: 'v' }, NOW)).request.assessment?.by.accountId,
    ).toBe('k710-soeren');
  });

  it('prioritise or reject: the working group or the coordination group', () => {
    const cr = through('assessed');
    expect(
      ok(prioritise(cr, coordinator, { body: 'coordination_group', priority: 2 }, NOW, 'd', kitos)).decision
        ?.body,
    ).toBe('coordination_group');
    expect(code(prioritise(cr, member, { body: 'coordination_group', priority: 2 }, NOW, 'd', kitos))).toBe(
      'NOT_MEMBER_OF_BODY',
    );
    expect(code(prioritise(cr, coordinator, { body: 'working_group', priority: 2 }, NOW, 'd', kitos))).toBe(
      'NOT_MEMBER_OF_BODY',
    );
    expect(
      code(prioritise(through('prioritised'), convenor, { body: 'working_group', priority: 2 }, NOW, 'd')),
    ).toBe('ILLEGAL_TRANSITION');
    expect(code(rejectChangeRequest(cr, convenor, { body: 'working_group' }, NOW, 'd'))).toBe(
      'REASON_REQUIRED',
    );
    expect(code(rejectChangeRequest(cr, member, { body: 'working_group', reason: 'x' }, NOW, 'd'))).toBe(
      'NOT_MEMBER_OF_BODY',
    );
    expect(
      code(
        rejectChangeRequest(through('specified'), convenor, { body: 'working_group', reason: 'x' }, NOW, 'd'),
      ),
    ).toBe('ILLEGAL_TRANSITION');
    const rejected = ok(
      rejectChangeRequest(cr, convenor, { body: 'working_group', reason: 'Lav forretningsværdi' }, NOW, 'd'),
    );
    expect(rejected.request.state).toBe('rejected');
    expect(rejected.decision).toMatchObject({
      kind: 'change_request',
      body: 'working_group',
      basis: 'Lav forretningsværdi',
    });
  });

  it('specification by the working group, estimate and recommendation by the secretariat', () => {
    expect(code(specify(through('prioritised'), member, { text: 'x' }, NOW))).toBe('NOT_MEMBER_OF_BODY');
    expect(code(specify(through('assessed'), convenor, { text: 'x' }, NOW))).toBe('ILLEGAL_TRANSITION');
    expect(
      code(recordEstimate(through('specified'), convenor, { hours: 1, dkk: 1, supplier: 'L' }, NOW)),
    ).toBe('CHANGE_REQUEST_WRONG_BODY');
    expect(
      code(recordEstimate(through('prioritised'), secretariat, { hours: 1, dkk: 1, supplier: 'L' }, NOW)),
    ).toBe('ILLEGAL_TRANSITION');
    const neg = recordEstimate(through('specified'), secretariat, { hours: 10, dkk: -1, supplier: 'L' }, NOW);
    expect(!neg.ok && neg.error.issues?.[0]?.path).toEqual(['dkk']);
    expect(code(recommend(through('estimated'), convenor, { text: 'x' }, NOW))).toBe(
      'CHANGE_REQUEST_WRONG_BODY',
    );
    expect(code(recommend(through('specified'), secretariat, { text: 'x' }, NOW))).toBe('ILLEGAL_TRANSITION');
    const cr = through('recommended');
    expect(cr.estimate).toMatchObject({ hours: 240, dkk: 180_000 });
    expect(cr.recommendation?.text).toContain('indstiller');
  });

  it('the steering group approves the work and its financing; the outcome is published', () => {
    const r = ok(
      decideLarge(
        through('recommended'),
        steering,
        { approve: true, body: 'steering_group', financing: 'product' },
        NOW,
        'd',
        kitos,
      ),
    );
    expect(r.request).toMatchObject({
      state: 'approved',
      financing: 'product',
      outcome: { approved: true, body: 'steering_group' },
    });
    expect(r.decision!.summary).toContain('240 timer, 180.000 kr.');
    const published = ok(publishOutcome(r.request, secretariat, NOW));
    expect(published.request.state).toBe('published');
    expect(code(publishOutcome(r.request, member, NOW))).toBe('CHANGE_REQUEST_WRONG_BODY');
    expect(code(publishOutcome(through('recommended'), secretariat, NOW))).toBe('ILLEGAL_TRANSITION');
  });

  it('finding 4: the frame is the product’s stored, board-approved one; within it the coordination group or steering group decides, beyond it neither', () => {
    // KITOS's frame is 400.000 kr., set by its coordination group and approved by the board.
    const within = decideLarge(
      through('recommended', 400_000),
      coordinator,
      { approve: true, body: 'coordination_group', financing: 'product' },
      NOW,
      'd',
      kitos,
    );
    expect(code(within)).toBe('ok');
    // The 2 M kr. approved by a coordination-group member who typed a 999.999.999 kr. frame: nothing to type now.
    const typed = decideLarge(
      through('recommended', 2_000_000),
      coordinator,
      { approve: true, body: 'coordination_group', financing: 'product', frameDkk: 999_999_999 } as never,
      NOW,
      'd',
      kitos,
    );
    expect(code(typed)).toBe('INVALID_INPUT');
    for (const [who, body] of [
      [coordinator, 'coordination_group'],
      [steering, 'steering_group'],
    ] as const) {
      // The 9 M kr. a single steering-group member approved with no frame check.
      const outside = decideLarge(
        through('recommended', 9_000_000),
        who,
        { approve: true, body, financing: 'product' },
        NOW,
        'd',
        kitos,
      );
      expect(code(outside)).toBe('CHANGE_REQUEST_OUTSIDE_FRAME');
    }
    // No frame at all, or one the board has not approved on N2: the group decides nothing.
    const unframed = { ...kitos, developmentFrame: undefined };
    const pending = { ...kitos, developmentFrame: { ...kitos.developmentFrame!, boardApproval: undefined } };
    for (const product of [unframed, pending]) {
      expect(
        code(
          decideLarge(
            through('recommended', 1),
            coordinator,
            { approve: true, body: 'coordination_group', financing: 'product' },
            NOW,
            'd',
            product,
          ),
        ),
      ).toBe('NO_DEVELOPMENT_FRAME');
    }
  });

  it('seed 003 4.1.5: outside the frame the coordination group recommends to the board, which decides; pledges are logged with both', () => {
    const cr = through('recommended', 9_000_000);
    const pledges = { willing: 3, totalDkk: 150_000 };
    expect(
      code(decideLarge(cr, board, { approve: true, body: 'board', financing: 'product' }, NOW, 'd', kitos)),
    ).toBe('NEEDS_COORDINATION_GROUP_REFERRAL');
    expect(
      code(
        referToBoard(cr, steering, { text: 'x', financing: 'product' }, NOW, 'r', {
          ...kitos,
          coordinationGroup: undefined,
        }),
      ),
    ).toBe('NOT_MEMBER_OF_BODY');
    expect(
      code(
        referToBoard(
          through('recommended', 100),
          coordinator,
          { text: 'x', financing: 'product' },
          NOW,
          'r',
          kitos,
        ),
      ),
    ).toBe('CHANGE_REQUEST_WRONG_BODY');
    const referred = ok(
      referToBoard(
        cr,
        coordinator,
        { text: 'Bør prioriteres', financing: 'product' },
        NOW,
        'r',
        kitos,
        pledges,
      ),
    );
    expect(referred.decision).toMatchObject({ body: 'coordination_group', kind: 'change_request' });
    expect(referred.decision!.summary).toContain('tilsagn om medfinansiering: 3 kommuner, 150.000 kr.');
    expect(referred.request.referral).toMatchObject({
      financing: 'product',
      by: { accountId: 'k630-maria' },
    });
    expect(
      code(referToBoard(referred.request, coordinator, { text: 'x', financing: 'product' }, NOW, 'r', kitos)),
    ).toBe('ILLEGAL_TRANSITION');
    const decidedByBoard = ok(
      decideLarge(
        referred.request,
        board,
        { approve: true, body: 'board', financing: 'product' },
        NOW,
        'd',
        kitos,
        pledges,
      ),
    );
    expect(decidedByBoard.decision).toMatchObject({ body: 'board' });
    expect(decidedByBoard.decision!.summary).toContain('3 kommuner, 150.000 kr.');
    // Within the frame the board does not take the group's decision.
    expect(
      code(
        decideLarge(
          through('recommended', 100),
          board,
          { approve: true, body: 'board', financing: 'product' },
          NOW,
          'd',
          kitos,
        ),
      ),
    ).toBe('CHANGE_REQUEST_WRONG_BODY');
  });

  it('finding 3: a tied steering-group vote is the chair’s; the decision records the casting vote', () => {
    const cr = through('recommended');
    const tie = { for: 2, against: 2 };
    expect(
      code(
        decideLarge(
          cr,
          as('k710-soeren'),
          { approve: true, body: 'steering_group', financing: 'product', tally: tie },
          NOW,
          'd',
          kitos,
        ),
      ),
    ).toBe('TIE_DECIDED_BY_CHAIR');
    const r = ok(
      decideLarge(
        cr,
        steering,
        { approve: true, body: 'steering_group', financing: 'product', tally: tie },
        NOW,
        'd',
        kitos,
      ),
    );
    expect(r.decision!.tally).toEqual({
      for: 2,
      against: 2,
      castingVoteBy: { accountId: 'k706-birgit', displayName: 'Birgit Lauritsen' },
    });
    expect(
      code(
        decideLarge(
          cr,
          steering,
          { approve: true, body: 'steering_group', financing: 'product', tally: { for: 1, against: 3 } },
          NOW,
          'd',
          kitos,
        ),
      ),
    ).toBe('GROUP_VOTED_AGAINST');
    expect(
      code(
        decideLarge(
          cr,
          steering,
          { approve: true, body: 'steering_group', financing: 'product', tally: { for: 5, against: 3 } },
          NOW,
          'd',
          kitos,
        ),
      ),
    ).toBe('TALLY_EXCEEDS_MEMBERS');
  });

  it('development outside the product’s economy is the board’s (CHANGE_REQUEST_OUTSIDE_ECONOMY), after the coordination group’s recommendation', () => {
    const cr = through('recommended');
    expect(
      code(
        decideLarge(
          cr,
          steering,
          { approve: true, body: 'steering_group', financing: 'outside_product' },
          NOW,
          'd',
          kitos,
        ),
      ),
    ).toBe('CHANGE_REQUEST_OUTSIDE_ECONOMY');
    expect(
      code(
        decideLarge(
          cr,
          board,
          { approve: true, body: 'board', financing: 'outside_product' },
          NOW,
          'd',
          kitos,
        ),
      ),
    ).toBe('NEEDS_COORDINATION_GROUP_REFERRAL');
    const referred = ok(
      referToBoard(
        cr,
        coordinator,
        { text: 'OS2-finansiering', financing: 'outside_product' },
        NOW,
        'r',
        kitos,
      ),
    ).request;
    expect(
      code(
        decideLarge(
          referred,
          board,
          { approve: true, body: 'board', financing: 'outside_product' },
          NOW,
          'd',
          kitos,
        ),
      ),
    ).toBe('ok');
  });

  it('decideLarge refusals: not a member of the body, wrong state, a rejection needs a reason', () => {
    const cr = through('recommended');
    expect(
      code(
        decideLarge(
          cr,
          member,
          { approve: true, body: 'steering_group', financing: 'product' },
          NOW,
          'd',
          kitos,
        ),
      ),
    ).toBe('NOT_MEMBER_OF_BODY');
    expect(
      code(
        decideLarge(cr, steering, { approve: true, body: 'steering_group', financing: 'product' }, NOW, 'd'),
      ),
    ).toBe('NO_DEVELOPMENT_FRAME');
    expect(
      code(decideLarge(cr, member, { approve: true, body: 'board', financing: 'outside_product' }, NOW, 'd')),
    ).toBe('NOT_MEMBER_OF_BODY');
    expect(
      code(
        decideLarge(
          through('estimated'),
          steering,
          { approve: true, body: 'steering_group', financing: 'product' },
          NOW,
          'd',
          kitos,
        ),
      ),
    ).toBe('ILLEGAL_TRANSITION');
    expect(
      code(
        decideLarge(
          cr,
          steering,
          { approve: false, body: 'steering_group', financing: 'product' },
          NOW,
          'd',
          kitos,
        ),
      ),
    ).toBe('REASON_REQUIRED');
  });
});

describe('submit never resets a request (issue 13, item 4)', () => {
  it('refuses a submit over any request under way, by any role; only the secretariat reopens a decided one', async () => {
    const fc = await import('fast-check');
    const { ChangeRequestStateSchema, TERMINAL_CHANGE_REQUEST_STATES } =
      await import('../../src/domain/change-request.js');
    const base = ok(submitChangeRequest(member, { id: 'cr-1', title: 'Ønske', size: 'large' }, NOW)).request;
    fc.assert(
      fc.property(
        fc.constantFrom(...ChangeRequestStateSchema.options),
        fc.constantFrom(member, secretariat, board),
        fc.nat({ max: 50 }),
        (state, actor, revision) => {
          const existing: ChangeRequest = { ...base, state, revision };
          const r = submitChangeRequest(
            actor,
            { id: 'cr-2', title: 'Nulstillet', size: 'small' },
            NOW,
            existing,
          );
          if (!TERMINAL_CHANGE_REQUEST_STATES.includes(state)) return code(r) === 'CHANGE_REQUEST_EXISTS';
          if (actor !== secretariat) return code(r) === 'ONLY_SECRETARIAT_REOPENS';
          return r.ok && r.request.state === 'submitted' && r.request.revision === revision;
        },
      ),
      { seed: 13, numRuns: 200 },
    );
  });
});
