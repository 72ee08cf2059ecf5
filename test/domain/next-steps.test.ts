import { describe, expect, it } from 'vitest';
import { nextSteps } from '../../src/domain/next-steps.js';
import { fixture, board, secretariat, projectAdmin, member } from './helpers.js';

const view = (steps: ReturnType<typeof nextSteps>) =>
  Object.fromEntries(steps.map((s) => [s.action, s.allowed ? 'ok' : s.refusal!.code]));

describe('design.md "The approval state machine": nextSteps shows available steps and the rule refusing the others', () => {
  it('an N2 concept under board review: the board may approve and send back, the secretariat may not', () => {
    const iot = fixture('IOT');
    expect(view(nextSteps(iot, board))).toEqual({
      approve: 'ok',
      sendBack: 'ok',
      retire: 'ok',
      reject: 'ok',
      changeLevel: 'ok',
      approveSteeringGroup: 'ok',
      appointSteeringGroup: 'ok',
    });
    expect(view(nextSteps(iot, secretariat))).toEqual({
      approve: 'ONLY_BOARD_APPROVES',
      sendBack: 'ONLY_BOARD_SENDS_BACK',
      retire: 'ONLY_BOARD_RETIRES',
      reject: 'ONLY_BOARD_REJECTS',
      changeLevel: 'ONLY_BOARD_DECIDES_LEVEL',
      approveSteeringGroup: 'ONLY_BOARD_APPROVES_STEERING_GROUP',
      appointSteeringGroup: 'ONLY_BOARD_APPROVES_STEERING_GROUP',
    });
  });

  it('an approve that must include the steering group says so (approvesSteeringGroup)', () => {
    const iot = fixture('IOT');
    expect(nextSteps(iot, board).find((s) => s.action === 'approve')?.approvesSteeringGroup).toBe(true);
    const approvedGroup = {
      ...iot,
      steeringGroup: { ...iot.steeringGroup!, approvedByBoardAt: '2020-03-01T10:00:00Z' },
    };
    expect(
      nextSteps(approvedGroup, board).find((s) => s.action === 'approve')?.approvesSteeringGroup,
    ).toBeUndefined();
  });

  it('an N1 concept: the secretariat starts it; submitting to the board is refused with N1_SKIPS_BOARD', () => {
    const ford = fixture('FORD');
    expect(view(nextSteps(ford, secretariat))).toEqual({
      submitToBoard: 'N1_SKIPS_BOARD',
      startImplementation: 'ok',
      loopBack: 'ok',
      retire: 'ONLY_BOARD_RETIRES',
      reject: 'ONLY_BOARD_REJECTS',
      changeLevel: 'ONLY_BOARD_DECIDES_LEVEL',
    });
    expect(view(nextSteps(ford, member)).startImplementation).toBe('ONLY_SECRETARIAT_STARTS_IMPLEMENTATION');
  });

  it('an approved N2 without a coordination group: becomeProduct is refused with the rule, in Danish and English', () => {
    const step = nextSteps(fixture('ROLLE'), secretariat).find((s) => s.action === 'becomeProduct')!;
    expect(step.allowed).toBe(false);
    expect(step.toState).toBe('product');
    expect(step.refusal).toMatchObject({ code: 'PRODUCT_NEEDS_COORDINATION_GROUP' });
    expect(step.refusal!.da).toContain('koordinationsgruppe');
    expect(step.refusal!.en).toContain('coordination group');
  });

  it('an idea sent back: the secretariat places it again; a project admin may not', () => {
    expect(view(nextSteps(fixture('DATA'), secretariat)).placeOnLevel).toBe('ok');
    expect(view(nextSteps(fixture('DATA'), projectAdmin)).placeOnLevel).toBe(
      'ONLY_SECRETARIAT_PLACES_ON_LEVEL',
    );
  });

  it('finding 6: a retired or rejected product offers nothing, not even a level change', () => {
    expect(view(nextSteps({ ...fixture('KITOS'), state: 'retired' }, board))).toEqual({});
    expect(view(nextSteps({ ...fixture('KITOS'), state: 'rejected' }, board))).toEqual({});
  });
});

describe('design.md "Illegal transitions return a typed error naming the rule": nextSteps agrees with the transitions', () => {
  it('property: a step nextSteps refuses is refused by the transition with the same rule; an allowed one succeeds', async () => {
    const fc = (await import('fast-check')).default;
    const approval = await import('../../src/domain/approval.js');
    const economy = await import('../../src/domain/economy.js');
    const groups = await import('../../src/domain/group-decisions.js');
    const { FIXTURE_PRODUCTS } = await import('../../demo/fixtures.js');
    const NOW = '2026-06-01T10:00:00Z';
    const states = ['idea', 'concept', 'board_review', 'approved', 'product', 'retired'] as const;
    const levels = ['N1', 'N2', 'N3'] as const;
    const actors = [board, secretariat, projectAdmin, member];
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURE_PRODUCTS.map((f) => f.record)),
        fc.constantFrom(...states),
        fc.constantFrom(...levels),
        fc.constantFrom(...actors),
        fc.boolean(),
        (start, state, level, actor, pending) => {
          const record = {
            ...start,
            state,
            level,
            ...(pending
              ? {
                  admission: {
                    origin: 'os2' as const,
                    admittedBy: { accountId: 's', displayName: 'S' },
                    admittedAt: NOW,
                    boardConfirmation: 'pending' as const,
                  },
                }
              : {}),
          };
          for (const step of nextSteps(record, actor)) {
            const other = level === 'N1' ? 'N2' : 'N1';
            const run = {
              placeOnLevel: () => approval.placeOnLevel(record, actor, { level }, NOW, 'x'),
              submitToBoard: () => approval.submitToBoard(record, actor, {}, NOW, 'x'),
              recommendToBoard: () => approval.recommendToBoard(record, actor, {}, NOW, 'x'),
              startImplementation: () => approval.startImplementation(record, actor, {}, NOW, 'x'),
              approve: () =>
                approval.approve(
                  record,
                  actor,
                  // A refused approve is evaluated as nextSteps does: even approving the group in the same decision.
                  { approveSteeringGroup: step.allowed ? (step.approvesSteeringGroup ?? false) : true },
                  NOW,
                  'x',
                ),
              sendBack: () => approval.sendBack(record, actor, { reason: 'x' }, NOW, 'x'),
              loopBack: () => approval.loopBack(record, actor, { reason: 'x' }, NOW, 'x'),
              becomeProduct: () => approval.becomeProduct(record, actor, {}, NOW, 'x'),
              retire: () => approval.retire(record, actor, { reason: 'x' }, NOW, 'x'),
              reject: () => approval.reject(record, actor, { reason: 'x' }, NOW, 'x'),
              changeLevel: () => approval.changeLevel(record, actor, { level: other, reason: 'x' }, NOW, 'x'),
              approveSteeringGroup: () => approval.approveSteeringGroup(record, actor, {}, NOW, 'x'),
              approveBudget: () => economy.approveBudget(record, actor, {}, NOW, 'x'),
              // A member elects a member (the actor itself when it is one); a refused step is refused for any candidate.
              electChair: () =>
                groups.electChair(
                  record,
                  actor,
                  {
                    group: record.steeringGroup?.members.some((m) => m.person.accountId === actor.accountId)
                      ? 'steering'
                      : 'coordination',
                    chair: actor.accountId,
                  },
                  NOW,
                  'x',
                ),
              approveProjectDescription: () => groups.approveProjectDescription(record, actor, {}, NOW, 'x'),
              setDevelopmentFrame: () =>
                economy.setDevelopmentFrame(record, actor, { amountDkk: 1000 }, NOW, 'x'),
              confirmAdmission: () =>
                approval.confirmAdmission(
                  record,
                  actor,
                  { approveSteeringGroup: step.allowed ? (step.approvesSteeringGroup ?? false) : true },
                  NOW,
                  'x',
                ),
              appointSteeringGroup: () =>
                approval.appointSteeringGroup(
                  record,
                  actor,
                  {
                    steeringGroup: {
                      members: record.steeringGroup?.members ?? [
                        { person: { accountId: 'p', displayName: 'P' }, municipality: '751' },
                      ],
                    },
                  },
                  NOW,
                  'x',
                ),
            }[step.action];
            const result = run();
            if (!step.allowed) expect(result.ok ? 'ok' : result.error.code).toBe(step.refusal!.code);
            else if (step.action !== 'appointSteeringGroup')
              expect(result.ok ? 'ok' : result.error.code).toBe('ok');
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
