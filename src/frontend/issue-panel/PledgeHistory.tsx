/**
 * What each municipality's vote and pledge was before it was changed (issue 14 finding 10: a colleague's later
 * vote silently replaced the municipality's pledge). Every earlier version is listed under the current one: who
 * cast it, when, and what it pledged. Only municipalities whose vote has changed appear.
 */
import { Heading, Stack, Text } from '@forge/react';
import { formatDateTime, formatDkk, type Locale, type MessageKey, type Vars } from '../../i18n/index';
import type { IssuePanelData } from '../../shared/issue-panel-data';

type T = (key: MessageKey, vars?: Vars) => string;
type Pledge = { willing: boolean; amountDkk?: number | undefined };

function pledgeText(t: T, locale: Locale, c: Pledge): string {
  if (!c.willing) return t('panel.pledgeNone');
  return c.amountDkk !== undefined
    ? t('panel.pledgeAmount', { amount: formatDkk(locale, c.amountDkk) })
    : t('panel.pledgeWilling');
}

export function PledgeHistory(props: { votes: IssuePanelData['votes']; t: T; locale: Locale }) {
  const { votes, t, locale } = props;
  const changed = votes.filter((v) => v.history && v.history.length > 0);
  if (changed.length === 0) return null;
  return (
    <Stack space="space.100">
      <Heading as="h4">{t('panel.pledgeHistory')}</Heading>
      {changed.map((v) => (
        <Stack key={v.municipality} space="space.050">
          <Text>
            {t('panel.pledgeNow', {
              municipality: v.municipalityName,
              pledge: pledgeText(t, locale, v.coFinance),
              name: v.castBy.displayName,
              date: formatDateTime(locale, v.castAt),
            })}
          </Text>
          {[...(v.history ?? [])].reverse().map((h) => (
            <Text key={`${v.municipality}-${h.castAt}`}>
              {t('panel.pledgeBefore', {
                pledge: pledgeText(t, locale, h.coFinance),
                name: h.castBy.displayName,
                date: formatDateTime(locale, h.castAt),
              })}
            </Text>
          ))}
        </Stack>
      ))}
    </Stack>
  );
}
