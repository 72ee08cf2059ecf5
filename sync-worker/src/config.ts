import { readFileSync } from 'node:fs';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { da } from 'zod/locales';
import { closest } from './suggest.js';
import { t } from '../../src/i18n/index.js';
import type { Locale, MessageKey, Vars } from '../../src/i18n/index.js';
import { cliLocale } from './cli-io.js';

/**
 * Configuration of the sync service: one JSON file plus the environment, validated with zod. Every problem is
 * collected and reported in one message ({@link ConfigError}); secrets (API tokens, the event secret, the
 * dashboard password) come only from the environment and are never part of the file, the logs or `toJSON`.
 *
 * File format: see docs/sync-worker.md. Environment:
 * - `OS2_EVENT_SECRET` (required): signs change events and governance mirrors; shared with the Forge app.
 * - each site's API token in the variable its `apiTokenEnv` names.
 * - `REDIS_URL`, `OS2_SYNC_PREFIX`, `OS2_SYNC_PORT` / `PORT`, `OS2_SYNC_HOST`: override the file.
 * - `OS2_DASHBOARD_USER`, `OS2_DASHBOARD_PASSWORD`: the queue dashboard's basic auth (dashboard off without).
 * - `OS2_SYNC_CONFIG`: path of the file when `--config` is not given.
 */

/** A key naming a secret (`apiToken`, `dashboardPassword`, `eventSecret`, ...): refused in the file. */
const SECRET_KEY = /(token|password|secret)$/i;

/** zod's own messages (type errors, unknown keys, ...) in Danish, like the messages written here. */
const danish = da().localeError;

/**
 * A cron pattern BullMQ's scheduler would refuse at start (or, worse, after the first reconcile) is refused at
 * validation instead, with the parser's reason. The same parser BullMQ uses (cron-parser, pinned to its version).
 */
function cronProblem(pattern: string): string | undefined {
  try {
    CronExpressionParser.parse(pattern);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

const SiteNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, t('da', 'config.siteName'));

const SiteFileSchema = z.strictObject({
  name: SiteNameSchema,
  baseUrl: z.url({
    protocol: /^https?$/,
    error: (iss) =>
      iss.input === undefined ? t('da', 'config.baseUrlMissing') : t('da', 'config.baseUrlInvalid'),
  }),
  email: z.email({ message: t('da', 'config.email') }),
  apiTokenEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, t('da', 'config.apiTokenEnv')),
  /** Only these project keys are synced (optional; default every project with a governance mirror). */
  projects: z.array(z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, t('da', 'config.projectKeys'))).optional(),
  /** false: the site only hosts the portfolio project and is never read as a source. */
  source: z.boolean().default(true),
  /**
   * The environment variable holding this site's own signing secret (the one its Forge app's admin page holds);
   * default OS2_EVENT_SECRET. One secret per site keeps a site's admin from minting mirrors for another site.
   */
  secretEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, t('da', 'config.envName', { field: 'secretEnv' }))
    .optional(),
  /** During a rotation: the variable holding the previous secret, still accepted (verify only). */
  previousSecretEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, t('da', 'config.envName', { field: 'previousSecretEnv' }))
    .optional(),
  /**
   * The URL of this site's `os2-import` web trigger (`forge webtrigger create`), used by `os2-sync import`
   * (docs/import.md). Not a secret: every request to it is signed with the site's secret.
   */
  importUrl: z.url({ protocol: /^https?$/, error: t('da', 'config.importUrl') }).optional(),
  /**
   * The URL of this site's `os2-app-data` web trigger (`forge webtrigger create`): the portfolio page's product
   * history comes from it (docs/portfolio-page.md). Not a secret: requests and answers are signed.
   */
  appDataUrl: z.url({ protocol: /^https?$/, error: t('da', 'config.appDataUrl') }).optional(),
});

const DurationOrCron = z.union([
  z.strictObject({ every: z.number().int().min(1000, t('da', 'config.every')) }),
  z.strictObject({
    pattern: z.string().superRefine((pattern, ctx) => {
      const problem = cronProblem(pattern);
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          message: t('da', 'config.cron', { pattern, problem }),
        });
      }
    }),
  }),
]);

const FileSchema = z.strictObject({
  sites: z.array(SiteFileSchema).min(1, t('da', 'config.sitesMin')),
  portfolio: z.strictObject({
    site: SiteNameSchema,
    projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, t('da', 'config.portfolioKey')),
    issueType: z.string().min(1).default('Produkt'),
    /** The Jira group told when a job fails for good (issue 15 item 2): Jira mails its members. */
    secretariatGroup: z.string().min(1).max(255).default('os2-sekretariat'),
    /**
     * The portfolio issue that carries notices not about one product (a failed reconcile of a whole site);
     * default: the oldest issue of the portfolio project.
     */
    noticeIssue: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]{1,9}-[1-9][0-9]*$/, t('da', 'config.noticeIssue'))
      .optional(),
  }),
  redis: z
    .strictObject({
      url: z.string().optional(),
      prefix: z.string().optional(),
      /** true: `url` is a seed node of a Redis Cluster. */
      cluster: z.boolean().default(false),
    })
    .default({ cluster: false }),
  http: z
    .strictObject({
      // Loopback unless told otherwise: the portfolio holds names, pledges and decision texts (issue 13).
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      dashboardUser: z.string().min(1).optional(),
      /** A second, read-only dashboard login (password: OS2_DASHBOARD_VIEWER_PASSWORD). */
      dashboardViewerUser: z.string().min(1).optional(),
      /**
       * Who may read the portfolio page and its exports: `credentials` (the dashboard's basic credentials),
       * `header` (a reverse proxy's SSO header, named by `portfolioUserHeader`, e.g. X-Forwarded-User),
       * `public` (a deliberate public view without people, pledges and decision texts) or `open` (everything,
       * no login: local runs; a loud warning at start). Default: `credentials` when they are set, else `open`.
       */
      portfolioAccess: z.enum(['credentials', 'header', 'public', 'open']).optional(),
      portfolioUserHeader: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,64}$/, 'et HTTP-headernavn, fx X-Forwarded-User')
        .optional(),
    })
    .default({ host: '127.0.0.1', port: 8080 }),
  schedules: z
    .strictObject({
      reconcile: DurationOrCron.default({ pattern: '0 */6 * * *' }),
    })
    .default({ reconcile: { pattern: '0 */6 * * *' } }),
  concurrency: z
    .strictObject({
      perSite: z.number().int().min(1).max(64).default(4),
      // 6 writers at Jira's ~150 ms per call keep one PUT per product at about 40 per second, under the
      // per-endpoint burst limit bench/push-catchup.ts assumes (50/s), so 1,000 changed products catch up in ~25 s.
      portfolio: z.number().int().min(1).max(16).default(6),
    })
    .default({ perSite: 4, portfolio: 6 }),
  jobs: z
    .strictObject({
      attempts: z.number().int().min(1).max(50).default(6),
      backoffMs: z.number().int().min(10).default(2000),
      /** Rate-limit wait used when a 429 names none, in ms. */
      defaultRateLimitMs: z.number().int().min(100).default(60_000),
      keepFailed: z.number().int().min(1).default(5000),
      /** sync-product waits this long before running, so a burst of events for one product becomes one sync. */
      debounceMs: z.number().int().min(0).max(600_000).default(1000),
      /** A Jira call that has not answered after this long is abandoned and retried like a network error. */
      requestTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
      /** BullMQ job lock: a worker that dies loses its jobs to another worker after about this long. */
      lockDurationMs: z.number().int().min(1000).max(600_000).default(30_000),
      /** How often workers look for jobs whose lock expired (stalled jobs of a dead worker). */
      stalledIntervalMs: z.number().int().min(1000).max(600_000).default(30_000),
    })
    .default({
      attempts: 6,
      backoffMs: 2000,
      defaultRateLimitMs: 60_000,
      keepFailed: 5000,
      debounceMs: 1000,
      requestTimeoutMs: 30_000,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
    }),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type SyncConfigFile = z.input<typeof FileSchema>;

export interface SiteConfig {
  name: string;
  baseUrl: string;
  email: string;
  apiTokenEnv: string;
  /** From the environment; never logged (see {@link redactConfig}). */
  apiToken: string;
  projects?: string[];
  source: boolean;
  /** The site's `os2-import` web trigger (`os2-sync import`). */
  importUrl?: string;
  /** The site's `os2-app-data` web trigger (the portfolio page's product history). */
  appDataUrl?: string;
  /**
   * Secrets this site's mirrors and events are verified with (and, for the portfolio site, roll-ups signed
   * with): the current one first, then a previous one during a rotation. Never logged.
   */
  secrets: string[];
}

export type PortfolioAccess =
  { mode: 'credentials' } | { mode: 'header'; header: string } | { mode: 'public' } | { mode: 'open' };

export interface SyncConfig {
  sites: SiteConfig[];
  portfolio: {
    site: string;
    projectKey: string;
    issueType: string;
    /** Default 'os2-sekretariat' (the file's default); optional here so hand-built configs need not name it. */
    secretariatGroup?: string;
    noticeIssue?: string;
  };
  redis: { url: string; prefix: string; cluster: boolean };
  http: {
    host: string;
    port: number;
    dashboard?: { username: string; password: string };
    /** Sees the queues read-only (no retry, clean or remove), at /admin/queues-view. */
    dashboardViewer?: { username: string; password: string };
    /** See the file format's `http.portfolioAccess`; resolved (never undefined here). */
    portfolioAccess: PortfolioAccess;
  };
  eventSecret: string;
  schedules: { reconcile: { every: number } | { pattern: string } };
  concurrency: { perSite: number; portfolio: number };
  jobs: {
    attempts: number;
    backoffMs: number;
    defaultRateLimitMs: number;
    keepFailed: number;
    debounceMs: number;
    requestTimeoutMs: number;
    lockDurationMs: number;
    stalledIntervalMs: number;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly problems: string[],
    locale: Locale = 'da',
  ) {
    super(
      `${t(locale, 'config.invalid', { count: problems.length })}\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
  }
}

/** Base URL without trailing slashes and with a lower-case host, so event site URLs compare equal. */
export function normaliseBaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname.replace(/\/+$/, '');
    return `${u.protocol}//${u.host.toLowerCase()}${path}`;
  } catch {
    return url.replace(/\/+$/, '').toLowerCase();
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

/** Where the secret a file key names belongs instead. */
function secretEnvFor(key: string): string {
  if (/password$/i.test(key)) return 'OS2_DASHBOARD_PASSWORD';
  if (/secret$/i.test(key)) return 'OS2_EVENT_SECRET';
  return 'som sitets apiTokenEnv navngiver';
}

/** The keys an object schema at `path` accepts (through defaults, optionals and arrays). */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let here: z.ZodType | undefined = schema;
  const unwrap = (t: z.ZodType | undefined): z.ZodType | undefined => {
    while (t && (t instanceof z.ZodDefault || t instanceof z.ZodOptional || t instanceof z.ZodPrefault)) {
      t = t.unwrap() as z.ZodType;
    }
    return t;
  };
  for (const step of path) {
    here = unwrap(here);
    if (here instanceof z.ZodArray && typeof step === 'number') here = here.element as z.ZodType;
    else if (here instanceof z.ZodObject) here = (here.shape as Record<string, z.ZodType>)[String(step)];
    else return [];
  }
  here = unwrap(here);
  return here instanceof z.ZodObject ? Object.keys(here.shape) : [];
}

function findSecretKeys(value: unknown, at: string, out: string[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => findSecretKeys(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = at ? `${at}.${k}` : k;
      if (SECRET_KEY.test(k)) out.push(here);
      else findSecretKeys(v, here, out);
    }
  }
}

export type Env = Record<string, string | undefined>;

/** Validates a parsed configuration file against the environment. Throws {@link ConfigError} listing every problem. */
export function parseConfig(file: unknown, env: Env = process.env): SyncConfig {
  const problems: string[] = [];
  const lang = cliLocale(env);
  const say = (key: MessageKey, vars?: Vars): string => t(lang, key, vars);

  const secretKeys: string[] = [];
  findSecretKeys(file, '', secretKeys);
  for (const k of secretKeys) {
    problems.push(say('config.secretInFile', { key: k, env: secretEnvFor(k) }));
  }
  const stripped = stripSecretKeys(file);

  const parsed = FileSchema.safeParse(stripped, { error: danish });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = pathOf(issue.path);
      if (issue.code === 'unrecognized_keys') {
        // One line per unknown key, with the nearest known key: `baseURL` → `baseUrl`.
        const known = keysAt(FileSchema, issue.path);
        for (const key of issue.keys) {
          const hint = closest(key, known);
          const at = where ? `${where}.${key}` : key;
          problems.push(
            say('config.unknownKey', {
              at,
              hint: hint ? say('config.didYouMean', { hint }) : '',
              known: known.join(', '),
            }),
          );
        }
        continue;
      }
      problems.push(`${where || say('config.theFile')}: ${issue.message}`);
    }
  }

  const eventSecret = env.OS2_EVENT_SECRET ?? '';
  if (!eventSecret) problems.push(say('config.eventSecretMissing'));
  else if (eventSecret.length < 12)
    problems.push(say('config.tooShort', { name: 'OS2_EVENT_SECRET', min: 12 }));

  const dashboardPassword = env.OS2_DASHBOARD_PASSWORD;
  if (dashboardPassword !== undefined && dashboardPassword.length < 8) {
    problems.push(say('config.tooShort', { name: 'OS2_DASHBOARD_PASSWORD', min: 8 }));
  }

  const rawRedis = (stripped as { redis?: { url?: unknown; prefix?: unknown } } | null)?.redis;
  const fileRedisUrl = typeof rawRedis?.url === 'string' ? rawRedis.url : undefined;
  const filePrefix = typeof rawRedis?.prefix === 'string' ? rawRedis.prefix : undefined;
  // A password in the file's Redis URL is a secret in the file: only REDIS_URL (the environment) may carry one.
  if (fileRedisUrl && /^[a-z]+:\/\/[^/@]*@/i.test(fileRedisUrl)) problems.push(say('config.redisUrlSecret'));
  const redisUrl = env.REDIS_URL ?? fileRedisUrl ?? 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\//.test(redisUrl)) problems.push(say('config.redisScheme'));
  const prefix = env.OS2_SYNC_PREFIX ?? filePrefix ?? '{os2-sync}';
  if (!/\{[^{}]+\}/.test(prefix)) {
    problems.push(say('config.prefixHashTag', { prefix, example: '{os2-sync}' }));
  }
  if (/[:\s]/.test(prefix)) problems.push(say('config.prefixChars'));

  const portEnv = env.OS2_SYNC_PORT ?? env.PORT;
  let port = parsed.success ? parsed.data.http.port : 8080;
  if (portEnv !== undefined) {
    const n = Number(portEnv);
    if (!Number.isInteger(n) || n < 0 || n > 65535) problems.push(say('config.port', { port: portEnv }));
    else port = n;
  }

  const sites: SiteConfig[] = [];
  if (parsed.success) {
    const data = parsed.data;
    const names = new Set<string>();
    const urls = new Set<string>();
    data.sites.forEach((s, i) => {
      if (names.has(s.name))
        problems.push(say('config.usedTwice', { at: `sites[${i}].name`, value: s.name }));
      names.add(s.name);
      const norm = normaliseBaseUrl(s.baseUrl);
      const url = safeUrl(s.baseUrl);
      if (url && (url.username || url.password))
        problems.push(say('config.baseUrlSecret', { at: `sites[${i}].baseUrl` }));
      if (url && url.protocol === 'http:' && !isLoopbackHost(url.hostname))
        problems.push(say('config.baseUrlHttp', { at: `sites[${i}].baseUrl` }));
      if (urls.has(norm)) problems.push(say('config.urlUsedTwice', { at: `sites[${i}].baseUrl`, url: norm }));
      urls.add(norm);
      const token = env[s.apiTokenEnv];
      if (!token) {
        problems.push(say('config.tokenMissing', { at: `sites[${i}] (${s.name})`, env: s.apiTokenEnv }));
      }
      const secrets: string[] = [];
      for (const name of [s.secretEnv, s.previousSecretEnv]) {
        if (!name) continue;
        const value = env[name];
        if (!value)
          problems.push(say('config.signingKeyMissing', { at: `sites[${i}] (${s.name})`, env: name }));
        else if (value.length < 12)
          problems.push(`sites[${i}] (${s.name}): ${say('config.tooShort', { name, min: 12 })}`);
        else secrets.push(value);
      }
      if (!s.secretEnv) secrets.unshift(env.OS2_EVENT_SECRET ?? '');
      sites.push({
        name: s.name,
        baseUrl: norm,
        email: s.email,
        apiTokenEnv: s.apiTokenEnv,
        apiToken: token ?? '',
        ...(s.projects ? { projects: s.projects } : {}),
        source: s.source,
        ...(s.importUrl ? { importUrl: s.importUrl } : {}),
        ...(s.appDataUrl ? { appDataUrl: s.appDataUrl } : {}),
        secrets,
      });
    });
    const portfolioSite = data.sites.find((s) => s.name === data.portfolio.site);
    if (!portfolioSite) {
      problems.push(
        say('config.portfolioSite', {
          site: data.portfolio.site,
          sites: data.sites.map((s) => s.name).join(', '),
        }),
      );
    } else if (portfolioSite.projects?.includes(data.portfolio.projectKey)) {
      problems.push(
        say('config.portfolioLoop', { site: portfolioSite.name, key: data.portfolio.projectKey }),
      );
    }
    if (!data.sites.some((s) => s.source)) problems.push(say('config.noSource'));
    if (data.http.dashboardUser && !dashboardPassword) {
      problems.push(say('config.dashboardPasswordMissing'));
    }
    const viewerUser = env.OS2_DASHBOARD_VIEWER_USER ?? data.http.dashboardViewerUser;
    const viewerPassword = env.OS2_DASHBOARD_VIEWER_PASSWORD;
    if (viewerUser && (!viewerPassword || viewerPassword.length < 8)) {
      problems.push(say('config.viewerPassword'));
    }
    const dashUser = env.OS2_DASHBOARD_USER ?? data.http.dashboardUser;
    if (data.http.portfolioAccess === 'credentials' && !(dashUser && dashboardPassword)) {
      problems.push(say('config.accessCredentials'));
    }
    if (data.http.portfolioAccess === 'header' && !data.http.portfolioUserHeader) {
      problems.push(say('config.accessHeader'));
    }
  }

  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems, lang);
  const data = parsed.data;
  const dashboardUser = env.OS2_DASHBOARD_USER ?? data.http.dashboardUser;
  const viewerUser = env.OS2_DASHBOARD_VIEWER_USER ?? data.http.dashboardViewerUser;
  const viewerPassword = env.OS2_DASHBOARD_VIEWER_PASSWORD;
  return {
    sites,
    portfolio: data.portfolio,
    redis: { url: redisUrl, prefix, cluster: env.REDIS_CLUSTER === 'true' || data.redis.cluster },
    http: {
      host: env.OS2_SYNC_HOST ?? data.http.host,
      port,
      ...(dashboardUser && dashboardPassword
        ? { dashboard: { username: dashboardUser, password: dashboardPassword } }
        : {}),
      ...(viewerUser && viewerPassword
        ? { dashboardViewer: { username: viewerUser, password: viewerPassword } }
        : {}),
      portfolioAccess: resolveAccess(
        data.http.portfolioAccess,
        data.http.portfolioUserHeader,
        Boolean(dashboardUser && dashboardPassword),
      ),
    },
    eventSecret,
    schedules: data.schedules,
    concurrency: data.concurrency,
    jobs: data.jobs,
    logLevel: data.logLevel,
  };
}

function stripSecretKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSecretKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!SECRET_KEY.test(k)) out[k] = stripSecretKeys(v);
    return out;
  }
  return value;
}

/** Reads and validates the configuration file at `path` (or `OS2_SYNC_CONFIG`). Throws {@link ConfigError}. */
export function loadConfig(path: string | undefined, env: Env = process.env): SyncConfig {
  const file = path ?? env.OS2_SYNC_CONFIG;
  if (!file) {
    throw new ConfigError([t('da', 'config.noFile')]);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([
      t('da', 'config.unreadable', { file, reason: (err as NodeJS.ErrnoException).code ?? String(err) }),
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // V8's message quotes a snippet of the file, which may be part of a token: only say where.
    throw new ConfigError([t('da', 'config.notJson', { file, place: jsonErrorPlace(text, err) })]);
  }
  return parseConfig(json, env);
}

/** The configuration without secrets, for logs, `doctor` and `status`. */
export function redactConfig(config: SyncConfig): unknown {
  return {
    ...config,
    sites: config.sites.map(({ apiToken: _t, secrets, ...s }) => ({
      ...s,
      apiToken: t('da', 'config.fromEnvironment'),
      secrets: secrets.map(() => t('da', 'config.fromEnvironment')),
    })),
    eventSecret: t('da', 'config.fromEnvironment'),
    redis: { ...config.redis, url: config.redis.url.replace(/\/\/([^@/]*)@/, '//***@') },
    http: {
      ...config.http,
      ...(config.http.dashboard
        ? { dashboard: { username: config.http.dashboard.username, password: '***' } }
        : {}),
      ...(config.http.dashboardViewer
        ? { dashboardViewer: { username: config.http.dashboardViewer.username, password: '***' } }
        : {}),
    },
  };
}

export function sourceSites(config: SyncConfig): SiteConfig[] {
  return config.sites.filter((s) => s.source);
}

/** Secrets handed over in code (demo, benchmarks) instead of through the process environment. */
export interface InlineSecrets {
  eventSecret: string;
  /** API token per site name. */
  tokens: Record<string, string>;
  dashboardPassword?: string;
  redisUrl?: string;
}

/**
 * Builds a validated configuration from a file-shaped object and secrets given in code (the embedded demo and
 * the benchmarks run against the simulator). Same validation and the same {@link ConfigError} as
 * {@link parseConfig}; each site's `apiTokenEnv` may be omitted here.
 */
export function configFromObject(
  file: Omit<SyncConfigFile, 'sites'> & {
    sites: (Omit<SyncConfigFile['sites'][number], 'apiTokenEnv'> & { apiTokenEnv?: string })[];
  },
  secrets: InlineSecrets,
): SyncConfig {
  const env: Env = { OS2_EVENT_SECRET: secrets.eventSecret };
  if (secrets.dashboardPassword) env.OS2_DASHBOARD_PASSWORD = secrets.dashboardPassword;
  if (secrets.redisUrl) env.REDIS_URL = secrets.redisUrl;
  const sites = file.sites.map((s) => {
    const apiTokenEnv = s.apiTokenEnv ?? `OS2_TOKEN_${s.name.toUpperCase().replace(/-/g, '_')}`;
    const token = secrets.tokens[s.name];
    if (token !== undefined) env[apiTokenEnv] = token;
    return { ...s, apiTokenEnv };
  });
  return parseConfig({ ...file, sites }, env);
}

function resolveAccess(
  mode: 'credentials' | 'header' | 'public' | 'open' | undefined,
  header: string | undefined,
  haveCredentials: boolean,
): PortfolioAccess {
  if (mode === 'header' && header) return { mode, header: header.toLowerCase() };
  if (mode === 'credentials' || mode === 'public' || mode === 'open') return { mode };
  return haveCredentials ? { mode: 'credentials' } : { mode: 'open' };
}

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function isLoopbackHost(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i.test(host);
}

/** Line and column of a JSON syntax error, without any of the file's text. */
function jsonErrorPlace(text: string, err: unknown): string {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  if (!m) return 'syntaksfejl';
  const pos = Number(m[1]);
  const before = text.slice(0, pos).split('\n');
  return `syntaksfejl i linje ${before.length}, kolonne ${(before[before.length - 1]?.length ?? 0) + 1}`;
}
