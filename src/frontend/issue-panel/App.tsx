/**
 * Issue panel: on a feature request, the municipalities' votes with their willingness to co-finance, the user's
 * own municipality vote (cast, change, withdraw) and the change-request assessment; on any issue, polls (the
 * secretariat opens and closes them, municipalities answer). The resolver decides who may do what.
 */
import { useState } from 'react';
import {
  Button,
  DynamicTable,
  Heading,
  Inline,
  Select,
  Spinner,
  Stack,
  Text,
  Textfield,
  Toggle,
} from '@forge/react';
import { useAction, useLoad, useLocale } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import { formatDateTime, formatDkk } from '../../i18n/index';
import type { IssuePanelData } from '../../resolvers/issue-panel';
import { ChangeRequestSection } from './ChangeRequest';
import { PledgeHistory } from './PledgeHistory';
import { Polls } from './Polls';

export function IssuePanel() {
  const { locale, t, ready } = useLocale();
  const { answer, reload } = useLoad<IssuePanelData>('load', locale, ready);
  const { busy, error, success, run: runAction } = useAction(locale, reload);
  const [willing, setWilling] = useState(false);
  const [amount, setAmount] = useState('');
  const [chosen, setChosen] = useState<string | undefined>();

  if (!answer) return <Spinner label={t('common.loading')} />;
  if (!answer.ok) return <Feedback error={answer.error} />;
  const page = answer.data;
  const eligible = page.myMunicipalities.filter((m) => m.eligible);
  const municipality = chosen ?? eligible[0]?.code;
  const current = page.myMunicipalities.find((m) => m.code === municipality);
  const coFinance = willing
    ? { willing: true, ...(amount ? { amountDkk: Number(amount) } : {}) }
    : { willing: false };

  async function run(functionKey: string, payload: Record<string, unknown>): Promise<void> {
    await runAction(functionKey, payload, () => t('common.saved'));
  }

  return (
    <Stack space="space.200">
      <Feedback error={error} success={success} />
      {page.issue.isFeatureRequest ? (
        <Stack space="space.100">
          <Heading as="h3">{t('panel.votes')}</Heading>
          <Text>{t('panel.voteCount', { count: page.tally.count })}</Text>
          <Text>
            {t('panel.coFinanceTotal', {
              willing: page.tally.coFinanceWilling,
              amount: formatDkk(locale, page.tally.coFinanceTotalDkk),
            })}
          </Text>
          {page.votes.length === 0 ? (
            <Text>{t('panel.noVotes')}</Text>
          ) : (
            <DynamicTable
              head={{
                cells: [
                  { key: 'm', content: t('panel.municipality') },
                  { key: 'c', content: t('panel.coFinance') },
                  { key: 'by', content: t('panel.castBy') },
                ],
              }}
              rows={page.votes.map((v) => ({
                key: v.municipality,
                cells: [
                  { key: 'm', content: v.municipalityName },
                  {
                    key: 'c',
                    content: v.coFinance.willing
                      ? `${t('common.yes')}${v.coFinance.amountDkk !== undefined ? `, ${formatDkk(locale, v.coFinance.amountDkk)}` : ''}`
                      : t('common.no'),
                  },
                  {
                    key: 'by',
                    content: `${t('panel.votedBy', { name: v.castBy.displayName })}, ${formatDateTime(locale, v.castAt)}`,
                  },
                ],
              }))}
            />
          )}
          {page.canVote && municipality ? (
            <Stack space="space.100">
              {eligible.length > 1 ? (
                <Select
                  name="municipality"
                  options={eligible.map((m) => ({ label: m.name, value: m.code }))}
                  onChange={(o: { value: string } | null) => setChosen(o?.value)}
                />
              ) : null}
              <Inline space="space.100" alignBlock="center">
                <Toggle id="willing" isChecked={willing} onChange={() => setWilling(!willing)} />
                <Text>{t('panel.coFinance')}</Text>
                {willing ? (
                  <Textfield
                    name="amount"
                    type="number"
                    placeholder={t('panel.amount')}
                    value={amount}
                    onChange={(e) => setAmount(e.target.value)}
                  />
                ) : null}
              </Inline>
              <Inline space="space.100">
                <Button
                  appearance="primary"
                  isDisabled={busy}
                  onClick={() => void run('vote', { municipality, coFinance })}
                >
                  {current?.vote
                    ? t('panel.changeVote', { municipality: current.name })
                    : t('panel.voteFor', { municipality: current?.name ?? municipality })}
                </Button>
                {current?.vote ? (
                  <Button isDisabled={busy} onClick={() => void run('withdraw', { municipality })}>
                    {t('panel.withdrawVote', { municipality: current.name })}
                  </Button>
                ) : null}
              </Inline>
            </Stack>
          ) : (
            <Text>
              {t('panel.cannotVote', {
                reason: page.myMunicipalities.length
                  ? t('error.notYourMunicipality')
                  : t('error.notMunicipalityMember'),
              })}
            </Text>
          )}
          <PledgeHistory votes={page.votes} t={t} locale={locale} />
          <ChangeRequestSection
            cr={page.changeRequest}
            tally={page.tally}
            frameDkk={page.frameDkk}
            t={t}
            locale={locale}
            busy={busy}
            run={run}
          />
        </Stack>
      ) : (
        <Text>{t('panel.notFeatureRequest')}</Text>
      )}

      <Polls page={page} coFinance={coFinance} t={t} locale={locale} busy={busy} run={run} />
    </Stack>
  );
}
