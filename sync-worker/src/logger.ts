import { pino } from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout. Job lines carry `jobId`, `site` and `project` (child loggers made per job). Secrets are
 * never passed to the logger; the redact list is a second line of defence.
 */
export function createLogger(level = 'info'): Logger {
  return pino({
    level,
    base: { service: 'os2-sync' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'apiToken',
        '*.apiToken',
        'sites[*].apiToken',
        'secrets',
        '*.secrets',
        'sites[*].secrets',
        'eventSecret',
        '*.eventSecret',
        'password',
        '*.password',
        'authorization',
        '*.authorization',
        'headers.authorization',
        'req.headers.authorization',
      ],
      censor: '***',
    },
  });
}
