import { GovernanceRecordSchema } from '../../src/domain/governance-record.js';
import { fixtureByKey } from '../../demo/fixtures.js';
import type { Actor } from '../../src/domain/actor.js';
import type { GovernanceRecord } from '../../src/domain/governance-record.js';
import type { z } from 'zod';

export const NOW = '2026-03-01T10:00:00Z';

export const secretariat: Actor = {
  accountId: 'os2-sek-mette',
  displayName: 'Mette Søndergaard',
  roles: ['secretariat'],
  municipalities: [],
};
export const board: Actor = {
  accountId: 'os2-bst-sofie',
  displayName: 'Sofie Lund Kristensen',
  roles: ['board', 'municipality_member'],
  municipalities: ['101'],
};
export const projectAdmin: Actor = {
  accountId: 'pl-iot-signe',
  displayName: 'Signe Bak',
  roles: ['project_admin', 'municipality_member'],
  municipalities: ['851'],
};
export const member: Actor = {
  accountId: 'k751-karin',
  displayName: 'Karin Thomsen',
  roles: ['municipality_member'],
  municipalities: ['751'],
};

export const person = (accountId: string, displayName = accountId) => ({ accountId, displayName });

export function steeringMember(accountId: string, municipality: string, boardMember = false) {
  return { person: person(accountId), municipality, boardMember };
}

/** A record built from an input shape (defaults applied), for tests. */
export function rec(r: z.input<typeof GovernanceRecordSchema>): GovernanceRecord {
  return GovernanceRecordSchema.parse(r);
}

/** A fixture's record with changes. */
export function fixture(key: string, changes: Partial<GovernanceRecord> = {}): GovernanceRecord {
  return { ...structuredClone(fixtureByKey(key).record), ...changes };
}

/** A minimal valid record in the given state. */
export function base(changes: Partial<z.input<typeof GovernanceRecordSchema>> = {}): GovernanceRecord {
  return rec({
    name: 'OS2test',
    project: { id: '99001', key: 'TEST' },
    level: 'N2',
    state: 'idea',
    municipalities: [
      { code: '751', name: 'Aarhus' },
      { code: '461', name: 'Odense' },
    ],
    revision: 3,
    updatedAt: '2026-01-01T00:00:00Z',
    ...changes,
  });
}
