/**
 * The change-request part of the issue panel (seed 001): the request's state and what has been recorded, and a
 * form for the next step. Which steps a user may take is the domain's decision, made in the resolver; a refused
 * step shows its rule, and an issue with one field under that field. Every field has a `Label`; a step that
 * rejects the request (Forkast, or a decision without Godkend) is a `danger` button that needs a ticked
 * confirmation (Atlassian's guidance for destructive actions, issue 17 item 11).
 */
import { useState } from 'react';
import {
  Button,
  Checkbox,
  ErrorMessage,
  Form,
  Heading,
  Inline,
  Label,
  Lozenge,
  RequiredAsterisk,
  SectionMessage,
  Select,
  Stack,
  Text,
  TextArea,
  Textfield,
  Toggle,
} from '@forge/react';
import { formatDateTime, formatDkk, type Locale, type MessageKey, type Vars } from '../../i18n/index';
import type { IssuePanelData } from '../../shared/issue-panel-data';
import type { AppError } from '../shared/resolver';
import { issueAt } from '../shared/field-error';

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

/** The input each field carries per step: the domain's names, by which a refusal's issue finds its field. */
const TEXT_PATH: Partial<Record<Action, string>> = {
  decideSmall: 'reason',
  assess: 'purpose',
  prioritise: 'basis',
  reject: 'reason',
  specify: 'text',
  recommend: 'text',
  referToBoard: 'text',
  decideLarge: 'reason',
};
/** Steps whose text the domain requires (its schemas' min(1)). */
const TEXT_REQUIRED = new Set<Action>(['assess', 'specify', 'recommend', 'referToBoard']);

export function ChangeRequestSection(props: {
  cr: IssuePanelData['changeRequest'];
  /** The product's working groups (finding 9): a request goes to one of them, not to a typed name. */
  workingGroups?: IssuePanelData['workingGroups'];
  /** The request's place in the product's priority order, when it is ranked. */
  place?: IssuePanelData['place'];
  /** The municipalities' votes on the request: their co-financing pledges are shown with the financing decision. */
  tally?: IssuePanelData['tally'];
  /** The product's approved development frame (kr.), or null: read from the product, never typed here. */
  frameDkk?: number | null;
  t: T;
  locale: Locale;
  busy: boolean;
  /** Whether the step's button is the panel's one primary action (not when the user can vote). */
  primary: boolean;
  /** The refusal of this section's last step, if any: its field issues are shown under the fields. */
  error: AppError | null;
  run: (functionKey: string, payload: Record<string, unknown>) => Promise<void>;
}) {
  const { cr, t, locale, busy, run, error, tally, frameDkk, workingGroups = [], place = null } = props;
  const [groupId, setGroupId] = useState<string | undefined>();
  const [action, setAction] = useState<Action>(cr ? 'assess' : 'submit');
  const [confirmed, setConfirmed] = useState(false);
  const [confirmMissing, setConfirmMissing] = useState(false);
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
        return groupId ? { groupId } : {};
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
  // A step that rejects the request ends it: `danger`, with a confirmation ticked first.
  const rejects = action === 'reject' || (['decideSmall', 'decideLarge'].includes(action) && !f.approve);
  const errorAt = (...paths: string[]) => issueAt(error, ...paths);
  const textError = TEXT_PATH[action] ? errorAt(TEXT_PATH[action]) : undefined;
  const text2Error = errorAt(action === 'assess' ? 'businessValue' : 'supplier');
  const numberError = errorAt(action === 'prioritise' ? 'priority' : 'hours');
  const amountError = errorAt('dkk');
  // The group's vote: both numbers or neither (consensus); the domain's issues name them `for` and `against`.
  const yesError = errorAt('for');
  const noError = errorAt('against');
  async function submit(): Promise<void> {
    if (rejects && !confirmed) {
      setConfirmMissing(true);
      return;
    }
    setConfirmMissing(false);
    setConfirmed(false);
    await run('changeRequest', { action, input: input(), expectedRevision: cr?.revision ?? 0 });
  }
  const bodyOptions = (
    action === 'decideLarge'
      ? (['coordination_group', 'steering_group', 'board'] as const)
      : (['working_group', 'coordination_group'] as const)
  ).map((v) => ({ label: t(`body.${v}`), value: v }));
  const financingOptions = (['product', 'outside_product'] as const).map((v) => ({
    label: t(`cr.financing.${v}`),
    value: v,
  }));
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
          {place ? <Text>{t('cr.place', { place: place.place, of: place.of })}</Text> : null}
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
      <Form onSubmit={submit}>
        <Stack space="space.100">
          <Stack>
            <Label labelFor="cr-action">
              {t('cr.nextStep')}
              <RequiredAsterisk />
            </Label>
            <Select
              inputId="cr-action"
              name="cr-action"
              options={options}
              value={options.find((o) => o.value === action)}
              onChange={(o: { value: string } | null) => {
                setAction((o?.value as Action) ?? 'assess');
                setConfirmed(false);
                setConfirmMissing(false);
              }}
            />
          </Stack>
          {action === 'submit' ? (
            <Stack>
              <Label labelFor="cr-size">
                {t('cr.size')}
                <RequiredAsterisk />
              </Label>
              <Select
                inputId="cr-size"
                name="cr-size"
                options={(['small', 'large'] as const).map((v) => ({ label: t(`cr.size.${v}`), value: v }))}
                value={{ label: t(`cr.size.${f.size as 'small' | 'large'}`), value: f.size }}
                onChange={(o: { value: string } | null) => setF({ ...f, size: o?.value ?? 'large' })}
              />
            </Stack>
          ) : null}
          {['prioritise', 'reject', 'decideLarge'].includes(action) ? (
            <Stack>
              <Label labelFor="cr-body">
                {t('cr.body')}
                <RequiredAsterisk />
              </Label>
              <Select
                inputId="cr-body"
                name="cr-body"
                options={bodyOptions}
                // What is sent is shown; a body the step cannot use is shown as not chosen yet.
                value={bodyOptions.find((o) => o.value === f.body) ?? null}
                onChange={(o: { value: string } | null) => setF({ ...f, body: o?.value ?? 'working_group' })}
              />
              {errorAt('body') ? <ErrorMessage>{errorAt('body')}</ErrorMessage> : null}
            </Stack>
          ) : null}
          {action === 'decideLarge' || action === 'referToBoard' ? (
            <Stack>
              <Label labelFor="cr-financing">{t('cr.financing')}</Label>
              <Select
                inputId="cr-financing"
                name="cr-financing"
                options={financingOptions}
                value={financingOptions.find((o) => o.value === f.financing)}
                onChange={(o: { value: string } | null) => setF({ ...f, financing: o?.value ?? 'product' })}
              />
            </Stack>
          ) : null}
          {['decideSmall', 'decideLarge'].includes(action) ? (
            <Inline space="space.100" alignBlock="center">
              <Toggle
                id="cr-approve"
                isChecked={f.approve}
                onChange={() => {
                  setF({ ...f, approve: !f.approve });
                  setConfirmed(false);
                }}
              />
              <Label labelFor="cr-approve">{t('cr.approve')}</Label>
            </Inline>
          ) : null}
          {action === 'assignWorkingGroup' ? (
            workingGroups.length > 0 ? (
              <Stack>
                <Label labelFor="cr-group">
                  {t('cr.field.group')}
                  <RequiredAsterisk />
                </Label>
                <Select
                  inputId="cr-group"
                  name="cr-group"
                  options={workingGroups.map((g) => ({
                    label: g.convenor ? `${g.name} – ${t('wg.convenor', { name: g.convenor })}` : g.name,
                    value: g.id,
                  }))}
                  onChange={(o: { value: string } | null) => setGroupId(o?.value)}
                />
                {errorAt('groupId') ? <ErrorMessage>{errorAt('groupId')}</ErrorMessage> : null}
              </Stack>
            ) : (
              <Text>{t('cr.noGroups')}</Text>
            )
          ) : null}
          {action !== 'submit' && action !== 'publish' && action !== 'assignWorkingGroup' ? (
            <Stack>
              <Label labelFor="cr-text">
                {t(`cr.field.${action}`)}
                {TEXT_REQUIRED.has(action) ? <RequiredAsterisk /> : null}
              </Label>
              <TextArea
                id="cr-text"
                name="cr-text"
                isRequired={TEXT_REQUIRED.has(action)}
                isInvalid={textError !== undefined}
                value={f.text}
                onChange={(e) => setF({ ...f, text: e.target.value })}
              />
              {textError ? <ErrorMessage>{textError}</ErrorMessage> : null}
            </Stack>
          ) : null}
          {action === 'assess' || action === 'recordEstimate' ? (
            <Stack>
              <Label labelFor="cr-text2">
                {t(action === 'assess' ? 'cr.businessValue' : 'cr.supplier')}
                <RequiredAsterisk />
              </Label>
              <Textfield
                id="cr-text2"
                name="cr-text2"
                isRequired
                isInvalid={text2Error !== undefined}
                value={f.text2}
                onChange={(e) => setF({ ...f, text2: e.target.value })}
              />
              {text2Error ? <ErrorMessage>{text2Error}</ErrorMessage> : null}
            </Stack>
          ) : null}
          {action === 'prioritise' || action === 'recordEstimate' ? (
            <Stack>
              <Label labelFor="cr-number">
                {t(action === 'prioritise' ? 'cr.priority' : 'cr.hours')}
                <RequiredAsterisk />
              </Label>
              <Textfield
                id="cr-number"
                name="cr-number"
                type="number"
                isRequired
                isInvalid={numberError !== undefined}
                value={f.number}
                onChange={(e) => setF({ ...f, number: e.target.value })}
              />
              {numberError ? <ErrorMessage>{numberError}</ErrorMessage> : null}
            </Stack>
          ) : null}
          {action === 'recordEstimate' ? (
            <Stack>
              <Label labelFor="cr-amount">
                {t('cr.estimateDkk')}
                <RequiredAsterisk />
              </Label>
              <Textfield
                id="cr-amount"
                name="cr-amount"
                type="number"
                isRequired
                isInvalid={amountError !== undefined}
                value={f.amount}
                onChange={(e) => setF({ ...f, amount: e.target.value })}
              />
              {amountError ? <ErrorMessage>{amountError}</ErrorMessage> : null}
            </Stack>
          ) : null}
          {action === 'referToBoard' || (action === 'decideLarge' && f.body !== 'board') ? (
            <Inline space="space.100" alignBlock="start">
              <Stack>
                <Label labelFor="cr-yes">{t('group.tallyFor')}</Label>
                <Textfield
                  id="cr-yes"
                  name="cr-yes"
                  type="number"
                  isInvalid={yesError !== undefined}
                  value={f.yes}
                  onChange={(e) => setF({ ...f, yes: e.target.value })}
                />
                {yesError ? <ErrorMessage>{yesError}</ErrorMessage> : null}
              </Stack>
              <Stack>
                <Label labelFor="cr-no">{t('group.tallyAgainst')}</Label>
                <Textfield
                  id="cr-no"
                  name="cr-no"
                  type="number"
                  isInvalid={noError !== undefined}
                  value={f.no}
                  onChange={(e) => setF({ ...f, no: e.target.value })}
                />
                {noError ? <ErrorMessage>{noError}</ErrorMessage> : null}
              </Stack>
            </Inline>
          ) : null}
          {rejects ? (
            <Stack>
              <SectionMessage appearance="warning">
                <Text>{t('cr.rejectWarning')}</Text>
              </SectionMessage>
              <Checkbox
                id="cr-confirm"
                name="cr-confirm"
                label={t('cr.confirmReject')}
                isChecked={confirmed}
                isInvalid={confirmMissing}
                onChange={() => setConfirmed(!confirmed)}
              />
              {confirmMissing ? <ErrorMessage>{t('step.confirmRequired')}</ErrorMessage> : null}
            </Stack>
          ) : null}
          <Inline>
            <Button
              type="submit"
              appearance={rejects ? 'danger' : props.primary ? 'primary' : 'default'}
              isDisabled={busy}
            >
              {t(`cr.action.${action}`)}
            </Button>
          </Inline>
        </Stack>
      </Form>
    </Stack>
  );
}
