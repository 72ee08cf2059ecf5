import { pino } from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout (or stderr, where stdout is for people: `npm start -- --config`). Job lines carry `jobId`, `site` and `project` (child loggers made per job). Secrets are
 * never passed to the logger; the redact list is a second line of defence.
 */
export function createLogger(level = 'info', to: 'stdout' | 'stderr' = 'stdout'): Logger {
  return pino(
    {
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
    },
    pino.destination({ fd: to === 'stderr' ? 2 : 1, sync: true }),
  );
}
