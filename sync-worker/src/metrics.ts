import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JiraCallInfo } from '../../src/jira/client.js';

/** Sources the gauges read when Prometheus scrapes (Redis and the cached site checks; never Jira directly). */
export interface MetricSources {
  depth: () => Promise<{ queue: string; state: string; count: number }[]>;
  /** Epoch ms of the last successful reconcile per site, shared by every process on the Redis. */
  lastReconcile?: () => Promise<Record<string, number>>;
  /** Whether each Jira site answered its last (cached) check. */
  siteUp?: () => Promise<{ site: string; up: boolean }[]>;
  /** The service's Jira identity per site (site-identity.ts, shared in Redis). */
  siteAuth?: () => Promise<{ site: string; auth: 'ok' | 'lost' | 'unknown' }[]>;
}

/**
 * Prometheus metrics of one service instance (its own registry, so tests can run several side by side).
 *
 * Conventions operators' tools expect: no label called `job` (Prometheus sets `job` on every target, and ours
 * would be renamed `exported_job`), so the BullMQ job's name is `job_name`; Node's default process and runtime
 * metrics keep their stock names (`process_cpu_seconds_total`, `nodejs_heap_size_used_bytes`, ...) so stock
 * dashboards work; timestamps are in seconds (`*_timestamp_seconds`).
 */
export class SyncMetrics {
  readonly registry = new Registry();
  readonly jobs = new Counter({
    name: 'os2_sync_jobs_total',
    help: 'Jobs finished, by queue, job name and outcome',
    labelNames: ['queue', 'job_name', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly jiraCalls = new Counter({
    name: 'os2_sync_jira_calls_total',
    help: 'Jira REST calls, by site, method, route and HTTP status (0: no response)',
    labelNames: ['site', 'method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly pushedRollUps = new Counter({
    name: 'os2_sync_pushed_rollups_total',
    help: 'Roll-ups pushed in change events, by site and outcome (queued, ignored, or refused: malformed, subject, signature, replayed, rolled_back)',
    labelNames: ['site', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly settingsReplaced = new Counter({
    name: 'os2_sync_settings_replaced_total',
    help: 'Signed mirrors or pushes whose catalogue versions or cadence were older than the newest the service accepted for the site, rolled up with the newest instead, by site and setting (catalogue, cadence)',
    labelNames: ['site', 'setting'] as const,
    registers: [this.registry],
  });
  readonly rateLimitPauses = new Counter({
    name: 'os2_sync_rate_limit_pauses_total',
    help: 'Times a site queue was paused after a 429',
    labelNames: ['site'] as const,
    registers: [this.registry],
  });
  readonly syncLatency = new Histogram({
    name: 'os2_sync_duration_seconds',
    help: 'Duration of sync-product and portfolio-write jobs',
    labelNames: ['queue', 'job_name'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly queueDepth: Gauge<'queue' | 'state'>;
  readonly failedJobs: Gauge<'queue'>;
  readonly lastReconcile: Gauge<'site'>;
  readonly siteUp: Gauge<'site'>;
  readonly siteAuthOk: Gauge<'site'>;

  constructor(sources: MetricSources | MetricSources['depth'], defaults = false) {
    const src: MetricSources = typeof sources === 'function' ? { depth: sources } : sources;
    // Redis down: /readyz says so; each gauge keeps its last values rather than failing the scrape.
    this.queueDepth = new Gauge({
      name: 'os2_sync_queue_depth',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        try {
          for (const row of await src.depth()) this.set({ queue: row.queue, state: row.state }, row.count);
        } catch {
          /* keep the last values */
        }
      },
    });
    this.failedJobs = new Gauge({
      name: 'os2_sync_failed_jobs',
      help: 'Jobs that exhausted their attempts and wait for `os2-sync retry-failed` (alert when > 0)',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        try {
          for (const row of await src.depth())
            if (row.state === 'failed') this.set({ queue: row.queue }, row.count);
        } catch {
          /* keep the last values */
        }
      },
    });
    this.lastReconcile = new Gauge({
      name: 'os2_sync_last_successful_reconcile_timestamp_seconds',
      help: 'When the last reconcile of a site succeeded, by any process (alert when time() minus this is large)',
      labelNames: ['site'] as const,
      registers: [this.registry],
      async collect() {
        if (!src.lastReconcile) return;
        try {
          for (const [site, ms] of Object.entries(await src.lastReconcile())) this.set({ site }, ms / 1000);
        } catch {
          /* keep the last values */
        }
      },
    });
    this.siteUp = new Gauge({
      name: 'os2_sync_jira_site_up',
      help: 'Whether the Jira site answered the last health check (1) or not (0); cached, not per scrape',
      labelNames: ['site'] as const,
      registers: [this.registry],
      async collect() {
        if (!src.siteUp) return;
        try {
          for (const row of await src.siteUp()) this.set({ site: row.site }, row.up ? 1 : 0);
        } catch {
          /* keep the last values */
        }
      },
    });
    this.siteAuthOk = new Gauge({
      name: 'os2_sync_site_auth_ok',
      help: 'Whether the service is still its own Jira account on the site (1) or its API token is invalid or revoked (0: nothing is written for the site; alert on it)',
      labelNames: ['site'] as const,
      registers: [this.registry],
      async collect() {
        if (!src.siteAuth) return;
        try {
          // A site not checked yet has no value rather than a guess.
          for (const row of await src.siteAuth())
            if (row.auth !== 'unknown') this.set({ site: row.site }, row.auth === 'ok' ? 1 : 0);
        } catch {
          /* keep the last values */
        }
      },
    });
    if (defaults) collectDefaultMetrics({ register: this.registry });
  }

  recordCall(info: JiraCallInfo): void {
    this.jiraCalls.inc({
      site: info.site,
      method: info.method,
      route: info.route,
      status: String(info.status),
    });
  }
}
