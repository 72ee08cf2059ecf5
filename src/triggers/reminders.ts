/**
 * Scheduled trigger (manifest `scheduledTrigger` os2-reminders, hourly): sends what is due (src/app/notifications.ts).
 * Forge does not retry a scheduled trigger and ignores what it returns beyond the status, so failures are caught,
 * logged and retried by the ledger on the next run; the answer is the web-trigger shape Forge expects.
 */
import { runReminders } from '../app/notifications';

export async function onSchedule(): Promise<{
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}> {
  try {
    const r = await runReminders();
    const summary = {
      due: r.due,
      sent: r.sent.length,
      retrying: r.retrying.length,
      failed: r.failed.length,
      noIssue: r.noIssue.length,
    };
    console.log('[os2] reminders', JSON.stringify(summary));
    return {
      statusCode: 200,
      headers: { 'Content-Type': ['application/json'] },
      body: JSON.stringify(summary),
    };
  } catch (e) {
    console.error('[os2] reminders run failed', e);
    return { statusCode: 500, headers: {}, body: '' };
  }
}
