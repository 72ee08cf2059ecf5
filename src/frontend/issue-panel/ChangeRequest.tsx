/**
 * The change-request part of the issue panel (seed 001): the request's state and what has been recorded, and a
 * form for the next step. Which steps a user may take is the domain's decision, made in the resolver; a refused
 * step shows its rule.
 */
import { useState } from 'react';
import {
  Button,
  Heading,
  Inline,
  Lozenge,
  Select,
  Stack,
  Text,
  TextArea,
  Textfield,
  Toggle,
} from '@forge/react';
import { formatDateTime, formatDkk, type Locale, type MessageKey, type Vars } from '../../i18n/index';
import type { IssuePanelData } from '../../resolvers/issue-panel';

type T = (key: MessageKey, vars?: Vars) => string;

const ACTIONS = [
  'submit',
  'decideSmall',
  'assignWorkingGroup',
  'assess',
  'prioritise',
  'reject',
  'specify',
  'recordEstimate',
  'recommend',
  'referToBoard',
  'decideLarge',
  'publish',
] as const;
type Action = (typeof ACTIONS)[number];

export function ChangeRequestSection(props: {
  cr: IssuePanelData['changeRequest'];
  /** The municipalities' votes on the request: their co-financing pledges are shown with the financing decision. */
  tally?: IssuePanelData['tally'];
  /** The product's approved development frame (kr.), or null: read from the product, never typed here. */
  frameDkk?: number | null;
  t: T;
  locale: Locale;
  busy: boolean;
  run: (functionKey: string, payload: Record<string, unknown>) => Promise<void>;
}) {
  const { cr, t, locale, busy, run, tally, frameDkk } = props;
  const [action, setAction] = useState<Action>(cr ? 'assess' : 'submit');
  const [f, setF] = useState({
    text: '',
    text2: '',
    number: '',
    amount: '',
    approve: true,
    body: 'working_group',
    size: 'large',
    financing: 'product',
    yes: '',
    no: '',
  });
  // The group's vote at its meeting, when it voted (both numbers given); none means consensus.
  const groupTally =
    f.yes !== '' && f.no !== '' ? { tally: { for: Number(f.yes), against: Number(f.no) } } : {};
  const input = (): Record<string, unknown> => {
    const num = Number(f.number || 0);
    const amount = f.amount ? Number(f.amount) : undefined;
    switch (action) {
      case 'submit':
        return { size: f.size };
      case 'decideSmall':
        return { approve: f.approve, ...(f.text ? { reason: f.text } : {}) };
      case 'assignWorkingGroup':
        return { name: f.text };
      case 'assess':
        return { purpose: f.text, businessValue: f.text2 };
      case 'prioritise':
        return { body: f.body, priority: num, basis: f.text };
      case 'reject':
        return { body: f.body, ...(f.text ? { reason: f.text } : {}) };
      case 'specify':
      case 'recommend':
        return { text: f.text };
      case 'recordEstimate':
        return { hours: num, dkk: amount ?? 0, supplier: f.text2 };
      case 'referToBoard':
        return { text: f.text, financing: f.financing, ...groupTally };
      case 'decideLarge':
        return {
          approve: f.approve,
          body: f.body,
          financing: f.financing,
          ...(f.text ? { reason: f.text } : {}),
          ...(f.body === 'board' ? {} : groupTally),
        };
      case 'publish':
        return {};
    }
  };
  const options = (cr ? ACTIONS.filter((a) => a !== 'submit') : (['submit'] as const)).map((a) => ({
    label: t(`cr.action.${a}`),
    value: a,
  }));
  return (
    <Stack space="space.100">
      <Heading as="h3">{t('panel.changeRequest')}</Heading>
      {cr ? (
        <Stack space="space.050">
          <Inline space="space.100" alignBlock="center">
            <Lozenge
              appearance={
                cr.state === 'rejected'
                  ? 'removed'
                  : cr.state === 'approved' || cr.state === 'published'
                    ? 'success'
                    : 'inprogress'
              }
            >
              {t(`cr.state.${cr.state}`)}
            </Lozenge>
            <Text>{`${cr.title} – ${t(`cr.size.${cr.size}`)}`}</Text>
          </Inline>
          {cr.workingGroup ? <Text>{`${t('cr.workingGroup')}: ${cr.workingGroup.name}`}</Text> : null}
          {cr.assessment ? (
            <Text>{`${t('cr.purpose')}: ${cr.assessment.purpose} – ${t('cr.businessValue')}: ${cr.assessment.businessValue}`}</Text>
          ) : null}
          {cr.priority !== undefined ? <Text>{`${t('cr.priority')}: ${cr.priority}`}</Text> : null}
          {cr.specification ? <Text>{`${t('cr.specification')}: ${cr.specification.text}`}</Text> : null}
          {cr.estimate ? (
            <Text>{`${t('cr.estimateDkk')}: ${formatDkk(locale, cr.estimate.dkk)}, ${cr.estimate.hours} h, ${cr.estimate.supplier}`}</Text>
          ) : null}
          {cr.recommendation ? <Text>{`${t('cr.recommendation')}: ${cr.recommendation.text}`}</Text> : null}
          {cr.referral ? (
            <Text>{`${t('cr.referral')}: ${cr.referral.text} – ${cr.referral.by.displayName}, ${formatDateTime(locale, cr.referral.at)}`}</Text>
          ) : null}
          {cr.state === 'recommended' || cr.financing ? (
            <Stack space="space.050">
              <Text>
                {frameDkk === null || frameDkk === undefined
                  ? t('cr.noFrame')
                  : t(cr.estimate && cr.estimate.dkk <= frameDkk ? 'cr.frameWithin' : 'cr.frameOutside', {
                      amount: formatDkk(locale, frameDkk),
                    })}
              </Text>
              {tally ? (
                <Text>
                  {t('cr.pledges', {
                    count: tally.coFinanceWilling,
                    amount: formatDkk(locale, tally.coFinanceTotalDkk),
                  })}
                </Text>
              ) : null}
            </Stack>
          ) : null}
          {cr.outcome ? (
            <Text>{`${t(cr.outcome.approved ? 'cr.outcome.approved' : 'cr.outcome.rejected')} – ${t(`body.${cr.outcome.body}`)}, ${cr.outcome.by.displayName}, ${formatDateTime(locale, cr.outcome.at)}`}</Text>
          ) : null}
        </Stack>
      ) : (
        <Text>{t('panel.noAssessment')}</Text>
      )}
      <Select
        name="cr-action"
        options={options}
        value={options.find((o) => o.value === action)}
        onChange={(o: { value: string } | null) => setAction((o?.value as Action) ?? 'assess')}
      />
      {action === 'submit' ? (
        <Select
          name="cr-size"
          options={(['small', 'large'] as const).map((v) => ({ label: t(`cr.size.${v}`), value: v }))}
          onChange={(o: { value: string } | null) => setF({ ...f, size: o?.value ?? 'large' })}
        />
      ) : null}
      {['prioritise', 'reject', 'decideLarge'].includes(action) ? (
        <Select
          name="cr-body"
          placeholder={t('cr.body')}
          options={(action === 'decideLarge'
            ? (['coordination_group', 'steering_group', 'board'] as const)
            : (['working_group', 'coordination_group'] as const)
          ).map((v) => ({ label: t(`body.${v}`), value: v }))}
          onChange={(o: { value: string } | null) => setF({ ...f, body: o?.value ?? 'working_group' })}
        />
      ) : null}
      {action === 'decideLarge' || action === 'referToBoard' ? (
        <Select
          name="cr-financing"
          options={(['product', 'outside_product'] as const).map((v) => ({
            label: t(`cr.financing.${v}`),
            value: v,
          }))}
          onChange={(o: { value: string } | null) => setF({ ...f, financing: o?.value ?? 'product' })}
        />
      ) : null}
      {['decideSmall', 'decideLarge'].includes(action) ? (
        <Inline space="space.100" alignBlock="center">
          <Toggle
            id="cr-approve"
            isChecked={f.approve}
            onChange={() => setF({ ...f, approve: !f.approve })}
          />
          <Text>{t('cr.approve')}</Text>
        </Inline>
      ) : null}
      {action !== 'submit' && action !== 'publish' ? (
        <TextArea
          name="cr-text"
          placeholder={t(`cr.field.${action}`)}
          value={f.text}
          onChange={(e) => setF({ ...f, text: e.target.value })}
        />
      ) : null}
      {action === 'assess' || action === 'recordEstimate' ? (
        <Textfield
          name="cr-text2"
          placeholder={t(action === 'assess' ? 'cr.businessValue' : 'cr.supplier')}
          value={f.text2}
          onChange={(e) => setF({ ...f, text2: e.target.value })}
        />
      ) : null}
      {action === 'prioritise' || action === 'recordEstimate' ? (
        <Textfield
          name="cr-number"
          type="number"
          placeholder={t(action === 'prioritise' ? 'cr.priority' : 'cr.hours')}
          value={f.number}
          onChange={(e) => setF({ ...f, number: e.target.value })}
        />
      ) : null}
      {action === 'recordEstimate' ? (
        <Textfield
          name="cr-amount"
          type="number"
          placeholder={t('cr.estimateDkk')}
          value={f.amount}
          onChange={(e) => setF({ ...f, amount: e.target.value })}
        />
      ) : null}
      {action === 'referToBoard' || (action === 'decideLarge' && f.body !== 'board') ? (
        <Inline space="space.100" alignBlock="center">
          <Textfield
            name="cr-yes"
            type="number"
            placeholder={t('group.tallyFor')}
            value={f.yes}
            onChange={(e) => setF({ ...f, yes: e.target.value })}
          />
          <Textfield
            name="cr-no"
            type="number"
            placeholder={t('group.tallyAgainst')}
            value={f.no}
            onChange={(e) => setF({ ...f, no: e.target.value })}
          />
        </Inline>
      ) : null}
      <Button
        isDisabled={busy}
        onClick={() =>
          void run('changeRequest', { action, input: input(), expectedRevision: cr?.revision ?? 0 })
        }
      >
        {t(`cr.action.${action}`)}
      </Button>
    </Stack>
  );
}
