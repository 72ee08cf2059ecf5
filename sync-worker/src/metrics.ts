import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JiraCallInfo } from '../../src/jira/client.js';

/** Prometheus metrics of one service instance (its own registry, so tests can run several side by side). */
export class SyncMetrics {
  readonly registry = new Registry();
  readonly jobs = new Counter({
    name: 'os2_sync_jobs_total',
    help: 'Jobs finished, by queue, job name and outcome',
    labelNames: ['queue', 'job', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly jiraCalls = new Counter({
    name: 'os2_sync_jira_calls_total',
    help: 'Jira REST calls, by site, method, route and HTTP status (0: no response)',
    labelNames: ['site', 'method', 'route', 'status'] as const,
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
    labelNames: ['queue', 'job'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly queueDepth: Gauge<'queue' | 'state'>;

  constructor(depth: () => Promise<{ queue: string; state: string; count: number }[]>, defaults = false) {
    this.queueDepth = new Gauge({
      name: 'os2_sync_queue_depth',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        try {
          for (const row of await depth()) this.set({ queue: row.queue, state: row.state }, row.count);
        } catch {
          // Redis down: /readyz says so; the gauge keeps its last values.
        }
      },
    });
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: 'os2_sync_' });
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
