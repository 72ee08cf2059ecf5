/**
 * The project's most voted open feature requests (issue 15, item 7): municipal votes and co-financing pledges,
 * as the indexed `os2-votes` property orders them in Jira. Loaded by its own call so the page does not wait
 * for the search.
 */
import { DynamicTable, Heading, Spinner, Stack, Text } from '@forge/react';
import { useLoad } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import { formatDkk, type Locale, type MessageKey, type Vars } from '../../i18n/index';
import type { TopVotedData } from '../../shared/project-page-data';

export function TopVoted(props: { locale: Locale; t: (key: MessageKey, vars?: Vars) => string }) {
  const { locale, t } = props;
  const { answer } = useLoad<TopVotedData>('topVoted', locale, true);
  return (
    <Stack space="space.100">
      <Heading as="h3">{t('topVoted.title')}</Heading>
      {!answer ? (
        <Spinner label={t('common.loading')} />
      ) : !answer.ok ? (
        <Feedback error={answer.error} />
      ) : !answer.data.configured ? (
        <Text>{t('topVoted.notConfigured')}</Text>
      ) : answer.data.requests.length === 0 ? (
        <Text>{t('topVoted.none')}</Text>
      ) : (
        <DynamicTable
          head={{
            cells: [
              { key: 'request', content: t('topVoted.request') },
              { key: 'votes', content: t('topVoted.votes') },
              { key: 'municipalities', content: t('topVoted.municipalities') },
              { key: 'pledges', content: t('topVoted.pledges') },
            ],
          }}
          rows={answer.data.requests.map((r) => ({
            key: r.key,
            cells: [
              { key: 'request', content: `${r.key}: ${r.summary}` },
              { key: 'votes', content: String(r.votes) },
              { key: 'municipalities', content: r.municipalities.join(', ') },
              {
                key: 'pledges',
                content: t('topVoted.pledgeText', {
                  willing: r.coFinanceWilling,
                  amount: formatDkk(locale, r.coFinanceTotalDkk),
                }),
              },
            ],
          }))}
        />
      )}
    </Stack>
  );
}
