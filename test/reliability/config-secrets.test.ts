/**
 * Issue 13, low items of the configuration: no secret in a URL of the file, no API token sent in clear to a
 * non-loopback Jira, and a file that is not JSON is reported without quoting any of it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../sync-worker/src/config.js';
import type { SyncConfigFile } from '../../sync-worker/src/config.js';

const env = { OS2_EVENT_SECRET: 'a-secret-of-some-length', OS2_TOKEN: 'tok-123' };
const file = (over: Partial<SyncConfigFile['sites'][number]> = {}, extra: Partial<SyncConfigFile> = {}) =>
  ({
    sites: [
      {
        name: 'os2',
        baseUrl: 'https://os2.atlassian.net',
        email: 'a@os2.dk',
        apiTokenEnv: 'OS2_TOKEN',
        ...over,
      },
    ],
    portfolio: { site: 'os2', projectKey: 'PORT' },
    ...extra,
  }) as SyncConfigFile;

function problems(f: SyncConfigFile): string {
  try {
    parseConfig(f, env);
    return '';
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
}

describe('configuration secrets (issue 13, low)', () => {
  it('refuses a token as user info in a Jira baseUrl, without echoing it', () => {
    const msg = problems(file({ baseUrl: 'https://a%40os2.dk:SECRET-TOKEN-42@os2.atlassian.net' }));
    expect(msg).toMatch(/baseUrl/);
    expect(msg).not.toContain('SECRET-TOKEN-42');
  });
  it('refuses a Redis password in the file (the environment may carry one)', () => {
    const msg = problems(
      file({}, { redis: { url: 'redis://:hunter2-redis@redis.internal:6379', prefix: '{x}' } }),
    );
    expect(msg).toMatch(/redis\.url/);
    expect(msg).not.toContain('hunter2-redis');
    expect(() =>
      parseConfig(file({}, { redis: { prefix: '{x}' } }), {
        ...env,
        REDIS_URL: 'redis://:pw-ok@127.0.0.1:6379',
      }),
    ).not.toThrow();
  });
  it('refuses http:// to a non-loopback Jira (tokens in clear), allows it for loopback', () => {
    expect(problems(file({ baseUrl: 'http://os2.atlassian.net' }))).toMatch(/https/);
    expect(problems(file({ baseUrl: 'http://127.0.0.1:8123' }))).toBe('');
  });
  it('reports a file that is not JSON without quoting any of it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'os2-cfg-'));
    try {
      const path = join(dir, 'c.json');
      writeFileSync(path, '{"sites": [{"apiToken": ATATT3xFfGF0-secret-part}]}');
      let msg = '';
      try {
        loadConfig(path, env);
      } catch (e) {
        msg = (e as Error).message;
      }
      expect(msg).toMatch(/ikke gyldig JSON/);
      expect(msg).not.toContain('ATATT3x');
      expect(msg).not.toContain('secret-part');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
