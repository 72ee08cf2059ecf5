import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json';

/**
 * HMAC-SHA256 over the canonical JSON of a mirror's payload. Any project admin can write a project or issue
 * property through REST, so the worker only trusts mirrors carrying a signature made with the shared secret.
 */
export function signPayload(payload: unknown, secret: string): string {
  return createHmac('sha256', secret).update(canonicalJson(payload)).digest('hex');
}

export function verifyPayload(payload: unknown, signature: string, secret: string): boolean {
  const expected = Buffer.from(signPayload(payload, secret), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
