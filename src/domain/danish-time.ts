/**
 * Danish calendar days. OS2's dates (a poll's answer date, a report's date) are days in Copenhagen; Forge
 * functions run in UTC. Issue 14 finding 10: a poll whose deadline was given as a date closed at 23:59:59 UTC,
 * an hour (winter) or two (summer) after the Danish day had ended, so answers given after midnight in Denmark
 * still counted. The offset is read from the time zone database rather than assumed.
 */

/** The last second of `date` (YYYY-MM-DD) in Europe/Copenhagen, as an ISO instant in UTC. */
export function endOfCopenhagenDay(date: string): string {
  const midnightUtc = Date.parse(`${date}T23:59:59Z`);
  // Copenhagen is UTC+1 (CET) or UTC+2 (CEST); the right offset is the one that reads back as 23:59:59 that day.
  for (const hours of [1, 2]) {
    const t = midnightUtc - hours * 3_600_000;
    if (new Date(t).toLocaleString('sv-SE', { timeZone: 'Europe/Copenhagen' }) === `${date} 23:59:59`)
      return new Date(t).toISOString();
  }
  return new Date(midnightUtc - 3_600_000).toISOString();
}
