/**
 * The project's next steps, after Atlassian's button and modal guidance (issue 17 item 11): one primary action
 * (the step forward), `warning` for the steps back and `danger` for the closing ones; each step opens its own
 * dialog with labelled fields, the reason required where the rules require it, errors under the field they are
 * about, and a confirmation before a destructive step. The steering group's budget approval also takes the group's
 * vote when it voted (optional; a tie only from the chair, seed 003 4.1.4). Steps the user may not take are listed with their rule.
 */
import { useState } from 'react';
import {
  Button,
  Checkbox,
  ErrorMessage,
  Form,
  Heading,
  HelperMessage,
  Inline,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  RequiredAsterisk,
  SectionMessage,
  Select,
  Stack,
  Text,
  TextArea,
  Textfield,
} from '@forge/react';
import { call, type AppError } from '../shared/resolver';
import type { Locale, MessageKey, Vars } from '../../i18n/index';
import type { ProjectPageData } from '../../shared/project-page-data';

export type Step = ProjectPageData['steps'][number];
type Member = NonNullable<NonNullable<ProjectPageData['record']>['steeringGroup']>['members'][number];
type T = (key: MessageKey, vars?: Vars) => string;

export const ACTION_LABEL: Record<Step['action'], MessageKey> = {
  placeOnLevel: 'action.place_on_level',
  submitToBoard: 'action.submit_to_board',
  recommendToBoard: 'action.recommend',
  startImplementation: 'action.start_implementation',
  approve: 'action.approve',
  sendBack: 'action.send_back',
  loopBack: 'action.loop_back',
  becomeProduct: 'action.become_product',
  retire: 'action.retire',
  reject: 'action.reject',
  changeLevel: 'action.change_level',
  approveSteeringGroup: 'action.approve_steering_group',
  appointSteeringGroup: 'action.appoint_steering_group',
  confirmAdmission: 'action.confirm_admission',
  approveBudget: 'action.approve_budget',
  electChair: 'action.elect_chair',
  approveProjectDescription: 'action.approve_project_description',
  setDevelopmentFrame: 'action.set_development_frame',
};

/** Steps that end the product's course: a `danger` button and a confirmation in the dialog. */
const DESTRUCTIVE = new Set<Step['action']>(['retire', 'reject']);
/** Steps backwards: a `warning` button. */
const BACKWARDS = new Set<Step['action']>(['sendBack', 'loopBack']);
/** Steps whose input is a reason the rules require (REASON_REQUIRED), not an optional basis. */
const NEEDS_REASON = new Set<Step['action']>(['sendBack', 'loopBack', 'retire', 'reject', 'changeLevel']);
const NEEDS_LEVEL = new Set<Step['action']>(['placeOnLevel', 'changeLevel']);

type Appearance = 'primary' | 'danger' | 'warning' | 'default';

function appearanceOf(action: Step['action'], primary: Step['action'] | undefined): Appearance {
  if (DESTRUCTIVE.has(action)) return 'danger';
  if (BACKWARDS.has(action)) return 'warning';
  return action === primary ? 'primary' : 'default';
}

/** The one primary action: the first allowed step that is neither backwards, destructive nor a level change. */
export function primaryStep(steps: Step[]): Step['action'] | undefined {
  return steps.find(
    (s) => s.allowed && !DESTRUCTIVE.has(s.action) && !BACKWARDS.has(s.action) && s.action !== 'changeLevel',
  )?.action;
}

/** The transition's input: a level, a reason (required by the domain), or a basis. */
function inputFor(
  step: Step,
  text: string,
  level: string,
  steering: { members: Member[]; chair?: string },
  tally?: { for: number; against: number },
): Record<string, unknown> {
  switch (step.action) {
    case 'approveBudget':
      return { basis: text, ...(tally ? { tally } : {}) };
    case 'approve':
    case 'confirmAdmission':
      return { basis: text, approveSteeringGroup: step.approvesSteeringGroup === true };
    case 'appointSteeringGroup':
      // The board appoints the group as composed in the steering-group editor (finding 2). Board membership is
      // Jira's, so no flag is sent.
      return {
        basis: text,
        steeringGroup: {
          members: steering.members.map((m) => ({ person: m.person, municipality: m.municipality })),
          ...(steering.chair ? { chair: steering.chair } : {}),
        },
      };
    case 'placeOnLevel':
      return { level, basis: text };
    case 'changeLevel':
      return { level, reason: text };
    case 'sendBack':
    case 'loopBack':
    case 'retire':
    case 'reject':
      return { reason: text };
    default:
      return { basis: text };
  }
}

/** Refusals about the group's vote (group-decision.ts), shown under the vote's fields. */
const TALLY_CODES = new Set(['TIE_DECIDED_BY_CHAIR', 'TALLY_EXCEEDS_MEMBERS', 'GROUP_VOTED_AGAINST']);

/** Which field a refusal is about, so it is shown under that field. */
function fieldOf(error: AppError): 'text' | 'level' | 'tally' | 'form' {
  if (error.code === 'REASON_REQUIRED') return 'text';
  if (TALLY_CODES.has(error.code)) return 'tally';
  const paths = (error.issues ?? []).map((i) => String(i.path[0] ?? ''));
  if (paths.some((p) => p === 'tally')) return 'tally';
  if (paths.some((p) => p === 'reason' || p === 'basis')) return 'text';
  if (paths.some((p) => p === 'level')) return 'level';
  return 'form';
}

function StepDialog(props: {
  step: Step;
  locale: Locale;
  t: T;
  currentLevel: string;
  expectedRevision: number;
  steering: { members: Member[]; chair?: string };
  onClose: () => void;
  onDone: () => void;
  onStale: () => void;
}) {
  const { step, t } = props;
  const label = t(ACTION_LABEL[step.action]);
  const destructive = DESTRUCTIVE.has(step.action);
  const needsReason = NEEDS_REASON.has(step.action);
  const [text, setText] = useState('');
  const [level, setLevel] = useState(props.currentLevel);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [votes, setVotes] = useState({ for: '', against: '' });
  const [errors, setErrors] = useState<{
    text?: string;
    level?: string;
    tally?: string;
    confirm?: string;
    form?: string;
  }>({});
  const levelOptions = ['N1', 'N2', 'N3'].map((l) => ({ label: t(`level.${l}` as MessageKey), value: l }));

  async function submit() {
    const found: typeof errors = {};
    if (needsReason && !text.trim()) found.text = t('step.reasonRequired');
    if (destructive && !confirmed) found.confirm = t('step.confirmRequired');
    // The group's vote is optional (a consensus gives none), but half a tally is a typing slip, not a vote.
    const whole = (s: string) => /^\d{1,3}$/.test(s.trim());
    const given = votes.for.trim() !== '' || votes.against.trim() !== '';
    if (step.groupVotes && given && !(whole(votes.for) && whole(votes.against)))
      found.tally = t('step.tallyBoth');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    const answer = await call('transition', {
      locale: props.locale,
      action: step.action,
      expectedRevision: props.expectedRevision,
      input: inputFor(
        step,
        text,
        level,
        props.steering,
        step.groupVotes && given
          ? { for: Number(votes.for.trim()), against: Number(votes.against.trim()) }
          : undefined,
      ),
    });
    setBusy(false);
    if (answer.ok) return props.onDone();
    const where = fieldOf(answer.error);
    const detail = (answer.error.issues ?? []).map((i) => i.message);
    setErrors({ [where]: [answer.error.message, ...detail].join(': ') });
    // A newer record was saved meanwhile: the page reloads it behind the dialog, which keeps the user's text.
    if (answer.error.code === 'STALE_REVISION') props.onStale();
  }

  const textLabel = needsReason ? t('step.reason') : t('step.basis');
  return (
    <Modal onClose={props.onClose} label={label}>
      <Form onSubmit={submit}>
        <ModalHeader>
          <ModalTitle
            appearance={destructive ? 'danger' : BACKWARDS.has(step.action) ? 'warning' : undefined}
          >
            {label}
          </ModalTitle>
        </ModalHeader>
        <ModalBody>
          <Stack space="space.150">
            {destructive ? (
              <SectionMessage appearance="warning">
                <Text>{t('step.destructiveWarning')}</Text>
              </SectionMessage>
            ) : null}
            <Text>{t('step.dialogIntro')}</Text>
            {step.approvesSteeringGroup ? <Text>{t('project.approveIncludesSteering')}</Text> : null}
            {step.action === 'appointSteeringGroup' ? <Text>{t('project.appointWithEditor')}</Text> : null}
            {NEEDS_LEVEL.has(step.action) ? (
              <Stack>
                <Label labelFor="step-level">
                  {t('step.level')}
                  <RequiredAsterisk />
                </Label>
                <Select
                  inputId="step-level"
                  name="level"
                  options={levelOptions}
                  value={levelOptions.find((o) => o.value === level)}
                  onChange={(o: { value: string } | null) => setLevel(o?.value ?? props.currentLevel)}
                />
                {errors.level ? <ErrorMessage>{errors.level}</ErrorMessage> : null}
              </Stack>
            ) : null}
            {step.groupVotes ? (
              <Stack>
                <Inline space="space.100">
                  <Stack>
                    <Label labelFor="step-tally-for">{t('step.tallyFor')}</Label>
                    <Textfield
                      id="step-tally-for"
                      name="stepTallyFor"
                      type="number"
                      isInvalid={errors.tally !== undefined}
                      value={votes.for}
                      onChange={(e) => setVotes({ ...votes, for: e.target.value })}
                    />
                  </Stack>
                  <Stack>
                    <Label labelFor="step-tally-against">{t('step.tallyAgainst')}</Label>
                    <Textfield
                      id="step-tally-against"
                      name="stepTallyAgainst"
                      type="number"
                      isInvalid={errors.tally !== undefined}
                      value={votes.against}
                      onChange={(e) => setVotes({ ...votes, against: e.target.value })}
                    />
                  </Stack>
                </Inline>
                {errors.tally ? (
                  <ErrorMessage>{errors.tally}</ErrorMessage>
                ) : (
                  <HelperMessage>{t('step.tallyHelp')}</HelperMessage>
                )}
              </Stack>
            ) : null}
            <Stack>
              <Label labelFor="step-text">
                {textLabel}
                {needsReason ? <RequiredAsterisk /> : null}
              </Label>
              <TextArea
                id="step-text"
                name="stepText"
                isRequired={needsReason}
                isInvalid={errors.text !== undefined}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
              {errors.text ? (
                <ErrorMessage>{errors.text}</ErrorMessage>
              ) : (
                <HelperMessage>{needsReason ? t('step.reasonHelp') : t('step.basisHelp')}</HelperMessage>
              )}
            </Stack>
            {destructive ? (
              <Stack>
                <Checkbox
                  id="step-confirm"
                  name="confirm"
                  label={t('step.confirm', { action: label.toLowerCase() })}
                  isChecked={confirmed}
                  isInvalid={errors.confirm !== undefined}
                  onChange={() => setConfirmed(!confirmed)}
                />
                {errors.confirm ? <ErrorMessage>{errors.confirm}</ErrorMessage> : null}
              </Stack>
            ) : null}
            {errors.form ? <ErrorMessage>{errors.form}</ErrorMessage> : null}
          </Stack>
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={props.onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            type="submit"
            appearance={destructive ? 'danger' : BACKWARDS.has(step.action) ? 'warning' : 'primary'}
            isDisabled={busy}
          >
            {label}
          </Button>
        </ModalFooter>
      </Form>
    </Modal>
  );
}

export function Steps(props: {
  steps: Step[];
  locale: Locale;
  t: T;
  record: { level: string; revision: number };
  steering: { members: Member[]; chair?: string };
  /** After a saved step: the page reloads and confirms it. */
  onDone: () => void;
  /** Reloads the page without closing the dialog (a newer record was saved meanwhile). */
  reload: () => void;
}) {
  const { steps, t } = props;
  const [open, setOpen] = useState<Step['action'] | null>(null);
  const allowed = steps.filter((s) => s.allowed);
  const refused = steps.filter((s) => !s.allowed);
  // With nothing to do, why is the news; otherwise the refused steps wait behind a toggle.
  const [showRefused, setShowRefused] = useState<boolean | null>(null);
  const refusedShown = showRefused ?? allowed.length === 0;
  const primary = primaryStep(steps);
  const openStep = steps.find((s) => s.action === open && s.allowed);

  return (
    <Stack space="space.100">
      <Heading as="h3">{t('project.nextSteps')}</Heading>
      {allowed.length ? (
        <Inline space="space.100" shouldWrap>
          {allowed.map((step) => (
            <Button
              key={step.action}
              appearance={appearanceOf(step.action, primary)}
              onClick={() => setOpen(step.action)}
            >
              {t(ACTION_LABEL[step.action])}
            </Button>
          ))}
        </Inline>
      ) : (
        <Text>{t('project.noSteps')}</Text>
      )}
      {refused.length ? (
        <Inline space="space.100" alignBlock="center">
          <Text>{t('step.unavailable', { count: refused.length })}</Text>
          <Button appearance="subtle" onClick={() => setShowRefused(!refusedShown)}>
            {refusedShown ? t('step.hideUnavailable') : t('step.showUnavailable')}
          </Button>
        </Inline>
      ) : null}
      {refusedShown
        ? refused.map((step) => (
            <Text key={step.action}>
              {`${t(ACTION_LABEL[step.action])} – ${t('common.notAllowedFor', { rule: step.rule?.message ?? '' })}`}
            </Text>
          ))
        : null}
      <ModalTransition>
        {openStep ? (
          <StepDialog
            key={openStep.action}
            step={openStep}
            locale={props.locale}
            t={t}
            currentLevel={props.record.level}
            expectedRevision={props.record.revision}
            steering={props.steering}
            onClose={() => setOpen(null)}
            onStale={props.reload}
            onDone={() => {
              setOpen(null);
              props.onDone();
            }}
          />
        ) : null}
      </ModalTransition>
    </Stack>
  );
}
