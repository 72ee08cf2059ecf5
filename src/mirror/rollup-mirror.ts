import { z } from 'zod';
import { RollUpSchema } from '../domain/rollup';
import { rollUpHash } from '../domain/roll-up';
import { signPayload, verifyPayload } from './signature';
import type { RollUp } from '../domain/rollup';

/** Issue property of a portfolio issue: the roll-up, its content hash and the service's signature. */
export const ROLLUP_PROPERTY = 'os2-rollup';
/** What a roll-up signature is for; part of the signed subject so no other signed value can pass for one. */
export const ROLLUP_PURPOSE = 'os2-rollup/v1';

/**
 * The stored `os2-rollup`. `hash` is sha256 over the roll-up's canonical JSON (change detection); `signature`
 * is HMAC-SHA256 with the portfolio site's secret over the subject ({@link rollUpSubject}) and that hash. Anyone
 * who may edit portfolio issues can write this property through REST, so a reader trusts it only when the
 * hash matches the content it reads and the signature matches the subject it expects (issue 13, item 1).
 */
export const StoredRollUpSchema = RollUpSchema.extend({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});
export type StoredRollUp = z.infer<typeof StoredRollUpSchema>;

/** Where a roll-up belongs: the portfolio project it is written to. The product is the roll-up's `sourceKey`. */
export interface RollUpTarget {
  /** Key of the portfolio project (e.g. `PORT`). */
  portfolioProject: string;
}

/**
 * The signed subject: purpose, portfolio project, product (`sourceKey`), the governance revision rolled up and
 * the content hash. Binding the revision lets readers and the writer see an older signed roll-up put back.
 */
function rollUpSubject(target: RollUpTarget, rollUp: RollUp, hash: string) {
  return {
    purpose: ROLLUP_PURPOSE,
    portfolioProject: target.portfolioProject,
    sourceKey: rollUp.sourceKey,
    revision: rollUp.revision,
    hash,
  };
}

export function signRollUp(rollUp: RollUp, target: RollUpTarget, secret: string): StoredRollUp {
  const hash = rollUpHash(rollUp);
  return { ...rollUp, hash, signature: signPayload(rollUpSubject(target, rollUp, hash), secret) };
}

export type ReadRollUp =
  | { ok: true; rollUp: RollUp; hash: string }
  | { ok: false; reason: 'absent' | 'malformed' | 'hash' | 'signature'; sourceKey?: string };

/** The roll-up without its hash and signature. */
export function stripSeal(stored: StoredRollUp): RollUp {
  const { hash: _hash, signature: _signature, ...rest } = stored;
  return rest;
}

/**
 * Verifies a stored roll-up. Never throws. `secrets` lists every secret accepted now (the current one first,
 * the previous one during a rotation window), so a rotation needs no downtime.
 */
export function readRollUp(value: unknown, target: RollUpTarget, secrets: readonly string[]): ReadRollUp {
  if (value === undefined || value === null) return { ok: false, reason: 'absent' };
  const parsed = StoredRollUpSchema.safeParse(value);
  if (!parsed.success) {
    const sk = (value as { sourceKey?: unknown }).sourceKey;
    return { ok: false, reason: 'malformed', ...(typeof sk === 'string' ? { sourceKey: sk } : {}) };
  }
  const rollUp = stripSeal(parsed.data);
  // Recomputed, never taken from the property: a forger can keep an old hash next to new content.
  const hash = rollUpHash(rollUp);
  if (hash !== parsed.data.hash) return { ok: false, reason: 'hash', sourceKey: rollUp.sourceKey };
  const subject = rollUpSubject(target, rollUp, hash);
  if (!secrets.some((s) => s && verifyPayload(subject, parsed.data.signature, s)))
    return { ok: false, reason: 'signature', sourceKey: rollUp.sourceKey };
  return { ok: true, rollUp, hash };
}

/** Just enough of a claimed roll-up to say which product it claims to be. */
const ClaimSchema = z.object({
  sourceKey: z.string().min(3).max(255),
  site: z.string().min(1).max(100),
  project: z.object({ id: z.string().max(32), key: z.string().max(64) }),
});

/**
 * What a reader shows for a portfolio issue whose `os2-rollup` does not verify: the product it claims to be,
 * flagged `tampered`, with none of its figures (they may all be forged). Project key and source key stay so the
 * secretariat can find the issue; the name is the project key, since a forged name is what an attacker wants shown.
 */
export function quarantined(value: unknown): RollUp | undefined {
  const parsed = ClaimSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const r = parsed.data;
  return {
    schema: 1,
    sourceKey: r.sourceKey,
    site: r.site,
    project: { id: r.project.id, key: r.project.key },
    name: r.project.key,
    integrity: 'tampered',
    steering: { kind: 'none', members: 0, boardMembers: 0 },
    municipalities: [],
    requirements: { total: 0, met: 0, explained: 0, open: [] },
    openRequests: 0,
    topRequests: [],
    decisions: [],
    revision: 0,
  };
}
