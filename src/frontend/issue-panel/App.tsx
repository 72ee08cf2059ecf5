/**
 * Issue panel: on a feature request, the municipalities' votes with their willingness to co-finance, the user's
 * own municipality vote (cast, change, withdraw) and the change-request assessment; on any issue, polls (the
 * secretariat opens and closes them, municipalities answer). The resolver decides who may do what.
 */
import { useState } from 'react';
import {
  Button,
  DynamicTable,
  ErrorMessage,
  Form,
  Heading,
  Inline,
  Label,
  RequiredAsterisk,
  Select,
  Spinner,
  Stack,
  Text,
  Textfield,
  Toggle,
} from '@forge/react';
import { useAction, useLoad, useLocale } from '../shared/resolver';
import { issueAt } from '../shared/field-error';
import { Feedback } from '../shared/Feedback';
import { ConfirmButton } from '../shared/Confirm';
import { formatDateTime, formatDkk } from '../../i18n/index';
import type { IssuePanelData } from '../../shared/issue-panel-data';
import { ChangeRequestSection } from './ChangeRequest';
import { PledgeHistory } from './PledgeHistory';
import { Polls } from './Polls';

/** Which form the last action came from, so a refusal's field issues are shown under that form's fields. */
type FormName = 'vote' | 'polls' | 'changeRequest';

export function IssuePanel() {
  const { locale, t, ready } = useLocale();
  const { answer, reload } = useLoad<IssuePanelData>('load', locale, ready);
  const { busy, error, success, run: runAction } = useAction(locale, reload);
  const [willing, setWilling] = useState(false);
  const [amount, setAmount] = useState('');
  const [chosen, setChosen] = useState<string | undefined>();
  const [form, setForm] = useState<FormName | null>(null);
  // Errors found before calling the resolver, keyed by field.
  const [invalid, setInvalid] = useState<Record<string, string>>({});

  if (!answer) return <Spinner label={t('common.loading')} />;
  if (!answer.ok) return <Feedback error={answer.error} />;
  const page = answer.data;
  const eligible = page.myMunicipalities.filter((m) => m.eligible);
  const municipality = chosen ?? eligible[0]?.code;
  const current = page.myMunicipalities.find((m) => m.code === municipality);
  const coFinance = willing
    ? { willing: true, ...(amount ? { amountDkk: Number(amount) } : {}) }
    : { willing: false };

  async function run(
    functionKey: string,
    payload: Record<string, unknown>,
    from: FormName | null = null,
  ): Promise<void> {
    setForm(from);
    await runAction(functionKey, payload, () => t('common.saved'));
  }
  /** The error to show under a field of form `of`: a check before sending, else the resolver's issue. */
  const errorFor = (of: FormName, field: string, ...paths: string[]): string | undefined =>
    invalid[field] ?? (form === of ? issueAt(error, field, ...paths) : undefined);

  async function vote(): Promise<void> {
    const found: Record<string, string> = {};
    if (willing && amount && !/^\d+$/.test(amount.trim())) found.amount = t('panel.amountInvalid');
    setInvalid(found);
    if (Object.keys(found).length) return;
    await run('vote', { municipality, coFinance }, 'vote');
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
            <Form onSubmit={vote}>
              <Stack space="space.100">
                {eligible.length > 1 ? (
                  <Stack>
                    <Label labelFor="panel-municipality">
                      {t('panel.municipality')}
                      <RequiredAsterisk />
                    </Label>
                    <Select
                      inputId="panel-municipality"
                      name="municipality"
                      options={eligible.map((m) => ({ label: m.name, value: m.code }))}
                      value={eligible
                        .map((m) => ({ label: m.name, value: m.code }))
                        .find((o) => o.value === municipality)}
                      onChange={(o: { value: string } | null) => setChosen(o?.value)}
                    />
                  </Stack>
                ) : null}
                <Inline space="space.100" alignBlock="center">
                  <Toggle id="panel-willing" isChecked={willing} onChange={() => setWilling(!willing)} />
                  <Label labelFor="panel-willing">{t('panel.coFinance')}</Label>
                </Inline>
                {willing ? (
                  <Stack>
                    <Label labelFor="panel-amount">{t('panel.amount')}</Label>
                    <Textfield
                      id="panel-amount"
                      name="amount"
                      type="number"
                      isInvalid={errorFor('vote', 'amount', 'amountDkk') !== undefined}
                      value={amount}
                      onChange={(e) => setAmount(e.target.value)}
                    />
                    {errorFor('vote', 'amount', 'amountDkk') ? (
                      <ErrorMessage>{errorFor('vote', 'amount', 'amountDkk')}</ErrorMessage>
                    ) : null}
                  </Stack>
                ) : null}
                <Inline space="space.100">
                  <Button type="submit" appearance="primary" isDisabled={busy}>
                    {current?.vote
                      ? t('panel.changeVote', { municipality: current.name })
                      : t('panel.voteFor', { municipality: current?.name ?? municipality })}
                  </Button>
                  {current?.vote ? (
                    <ConfirmButton
                      appearance="warning"
                      isDisabled={busy}
                      label={t('panel.withdrawVote', { municipality: current.name })}
                      title={t('panel.withdrawTitle')}
                      text={t('panel.withdrawText', { municipality: current.name })}
                      confirm={t('panel.withdrawConfirm')}
                      cancel={t('common.cancel')}
                      onConfirm={() => run('withdraw', { municipality })}
                    />
                  ) : null}
                </Inline>
              </Stack>
            </Form>
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
            workingGroups={page.workingGroups}
            place={page.place}
            t={t}
            locale={locale}
            busy={busy}
            // The vote is the panel's one primary action; without it, the change request's next step is.
            primary={!(page.canVote && municipality)}
            error={form === 'changeRequest' ? error : null}
            run={(fn, payload) => run(fn, payload, 'changeRequest')}
          />
        </Stack>
      ) : (
        <Text>{t('panel.notFeatureRequest')}</Text>
      )}

      <Polls
        page={page}
        coFinance={coFinance}
        t={t}
        locale={locale}
        busy={busy}
        error={form === 'polls' ? error : null}
        run={(fn, payload) => run(fn, payload, 'polls')}
      />
    </Stack>
  );
}
