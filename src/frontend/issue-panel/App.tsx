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
  Lozenge,
  Select,
  Spinner,
  Stack,
  Text,
  TextArea,
  Textfield,
  Toggle,
} from '@forge/react';
import { useAction, useLoad, useLocale } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import { formatDateTime, formatDkk } from '../../i18n/index';
import type { IssuePanelData } from '../../resolvers/issue-panel';
import { ChangeRequestSection } from './ChangeRequest';

export function IssuePanel() {
  const { locale, t, ready } = useLocale();
  const { answer, reload } = useLoad<IssuePanelData>('load', locale, ready);
  const { busy, error, success, run: runAction } = useAction(locale, reload);
  const [willing, setWilling] = useState(false);
  const [amount, setAmount] = useState('');
  const [chosen, setChosen] = useState<string | undefined>();
  const [question, setQuestion] = useState('');
  const [alternatives, setAlternatives] = useState('');
  const [deadline, setDeadline] = useState('');
  const [pollChoice, setPollChoice] = useState<Record<string, string>>({});

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
          <ChangeRequestSection
            cr={page.changeRequest}
            workingGroups={page.workingGroups}
            place={page.place}
            t={t}
            locale={locale}
            busy={busy}
            run={run}
          />
        </Stack>
      ) : (
        <Text>{t('panel.notFeatureRequest')}</Text>
      )}

      <Stack space="space.100">
        <Heading as="h3">{t('panel.polls')}</Heading>
        {page.polls.length === 0 ? <Text>{t('panel.noPolls')}</Text> : null}
        {page.polls.map((poll) => (
          <Stack key={poll.id} space="space.050">
            <Text>{poll.question}</Text>
            <Text>
              {poll.open
                ? t('panel.pollOpenUntil', { date: formatDateTime(locale, poll.deadline) })
                : t('panel.pollClosedAt', { date: formatDateTime(locale, poll.closedAt ?? poll.deadline) })}
            </Text>
            {poll.result.options.map((o) => (
              <Text key={o.option}>
                {t('panel.pollOption', { option: o.label, count: o.answers, willing: o.willingToFinance })}
              </Text>
            ))}
            {!poll.open && poll.result.leading ? (
              <Lozenge appearance="success">
                {t('panel.pollResult', {
                  option: poll.alternatives.find((a) => a.id === poll.result.leading)?.label ?? '',
                })}
              </Lozenge>
            ) : null}
            {poll.open && page.myMunicipalities.length > 0 ? (
              <Inline space="space.100">
                <Select
                  name={`poll-${poll.id}`}
                  options={poll.alternatives.map((a) => ({ label: a.label, value: a.id }))}
                  onChange={(o: { value: string } | null) =>
                    setPollChoice({ ...pollChoice, [poll.id]: o?.value ?? '' })
                  }
                />
                <Button
                  isDisabled={busy || !pollChoice[poll.id]}
                  onClick={() =>
                    void run('answerPoll', {
                      pollId: poll.id,
                      option: pollChoice[poll.id],
                      coFinance,
                      municipality: page.myMunicipalities[0]!.code,
                    })
                  }
                >
                  {t('panel.answer', { municipality: page.myMunicipalities[0]!.name })}
                </Button>
              </Inline>
            ) : null}
            {page.isSecretariat && poll.open === false && !poll.closedAt ? (
              <Button isDisabled={busy} onClick={() => void run('closePoll', { pollId: poll.id })}>
                {t('panel.closePoll')}
              </Button>
            ) : null}
          </Stack>
        ))}
        {page.isSecretariat ? (
          <Stack space="space.050">
            <Heading as="h4">{t('panel.openPoll')}</Heading>
            <Textfield
              name="question"
              placeholder={t('panel.pollQuestion')}
              value={question}
              onChange={(e) => setQuestion(e.target.value)}
            />
            <TextArea
              name="alternatives"
              placeholder={t('panel.pollAlternatives')}
              value={alternatives}
              onChange={(e) => setAlternatives(e.target.value)}
            />
            <Textfield
              name="deadline"
              placeholder={`${t('panel.pollDeadline')} (${t('panel.deadlineFormat')})`}
              value={deadline}
              onChange={(e) => setDeadline(e.target.value)}
            />
            <Button
              isDisabled={busy}
              onClick={() =>
                void run('openPoll', {
                  question,
                  alternatives: alternatives
                    .split('\n')
                    .map((a) => a.trim())
                    .filter(Boolean),
                  deadline,
                })
              }
            >
              {t('panel.openPoll')}
            </Button>
          </Stack>
        ) : null}
      </Stack>
    </Stack>
  );
}
