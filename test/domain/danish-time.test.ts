// Finding 10: a poll deadline given as a date ended at 23:59:59 UTC rather than at the end of the Danish day.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { endOfCopenhagenDay } from '../../src/domain/danish-time.js';

describe('finding 10: deadlines in Europe/Copenhagen', () => {
  it('ends a winter day at 22:59:59 UTC and a summer day at 21:59:59 UTC', () => {
    expect(endOfCopenhagenDay('2026-12-01')).toBe('2026-12-01T22:59:59.000Z');
    expect(endOfCopenhagenDay('2026-07-01')).toBe('2026-07-01T21:59:59.000Z');
  });

  it('property: the instant is 23:59:59 on that day in Copenhagen, and one second later is the next day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (d) => {
          const day = d.toISOString().slice(0, 10);
          const end = Date.parse(endOfCopenhagenDay(day));
          const cph = (t: number) => new Date(t).toLocaleString('sv-SE', { timeZone: 'Europe/Copenhagen' });
          expect(cph(end)).toBe(`${day} 23:59:59`);
          expect(cph(end + 1000).slice(11)).toBe('00:00:00');
        },
      ),
    );
  });
});
