/**
 * Polls on the issue panel (seed 000; issue 14 finding 10): the secretariat opens one with its question, its
 * alternatives, whether a municipality may choose several ("og/eller"), and which municipalities are asked (only
 * they may answer; all when none is chosen). A municipality answers for itself with one or several alternatives and
 * its willingness to co-finance; the secretariat closes the poll after the deadline, after a confirmation (the
 * result then goes to the decision log). Every field has a `Label`; a missing question, fewer than two alternatives
 * or a deadline not written `ÅÅÅÅ-MM-DD` is said under its field before anything is sent, and a refusal about one
 * field (a deadline already passed) under that field.
 */
import { useState } from 'react';
import {
  Button,
  ErrorMessage,
  Form,
  Heading,
  HelperMessage,
  Inline,
  Label,
  Lozenge,
  RequiredAsterisk,
  Select,
  Stack,
  Text,
  TextArea,
  Textfield,
  Toggle,
} from '@forge/react';
import { formatDateTime, type Locale, type MessageKey, type Vars } from '../../i18n/index';
import type { IssuePanelData } from '../../shared/issue-panel-data';
import type { AppError } from '../shared/resolver';
import { issueAt } from '../shared/field-error';
import { ConfirmButton } from '../shared/Confirm';

type T = (key: MessageKey, vars?: Vars) => string;

export function Polls(props: {
  page: IssuePanelData;
  coFinance: { willing: boolean; amountDkk?: number };
  t: T;
  locale: Locale;
  busy: boolean;
  /** The refusal of the last poll action, if any: an issue about one field is shown under it. */
  error: AppError | null;
  run: (functionKey: string, payload: Record<string, unknown>) => Promise<void>;
}) {
  const { page, coFinance, t, locale, busy, run } = props;
  // Errors found before sending the new poll, keyed by field.
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const errorFor = (field: string) => invalid[field] ?? issueAt(props.error, field);
  async function openPoll(): Promise<void> {
    const list = alternatives
      .split('\n')
      .map((a) => a.trim())
      .filter(Boolean);
    const found: Record<string, string> = {};
    if (!question.trim()) found.question = t('panel.questionRequired');
    if (new Set(list.map((a) => a.toLowerCase())).size < 2)
      found.alternatives = t('panel.alternativesRequired');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline.trim())) found.deadline = t('panel.deadlineInvalid');
    setInvalid(found);
    if (Object.keys(found).length) return;
    await run('openPoll', {
      question,
      alternatives: list,
      deadline: deadline.trim(),
      ...(multiple ? { multiple: true } : {}),
      ...(asked.length > 0 ? { eligible: asked } : {}),
    });
  }
  const [question, setQuestion] = useState('');
  const [alternatives, setAlternatives] = useState('');
  const [deadline, setDeadline] = useState('');
  const [multiple, setMultiple] = useState(false);
  const [asked, setAsked] = useState<string[]>([]);
  const [choice, setChoice] = useState<Record<string, string[]>>({});
  const toggle = (pollId: string, option: string) => {
    const mine = choice[pollId] ?? [];
    setChoice({
      ...choice,
      [pollId]: mine.includes(option) ? mine.filter((o) => o !== option) : [...mine, option],
    });
  };
  return (
    <Stack space="space.100">
      <Heading as="h3">{t('panel.polls')}</Heading>
      {page.polls.length === 0 ? <Text>{t('panel.noPolls')}</Text> : null}
      {page.polls.map((poll) => {
        // Only a municipality the poll asked may answer (the resolver and the domain decide again).
        const mine = page.myMunicipalities.find((m) => poll.eligible.includes(m.code));
        const picked = choice[poll.id] ?? [];
        return (
          <Stack key={poll.id} space="space.050">
            <Text>{poll.question}</Text>
            <Text>
              {poll.open
                ? t('panel.pollOpenUntil', { date: formatDateTime(locale, poll.deadline) })
                : t('panel.pollClosedAt', { date: formatDateTime(locale, poll.closedAt ?? poll.deadline) })}
            </Text>
            <Text>
              {`${poll.multiple ? t('poll.multiple') : t('poll.single')} – ${
                poll.eligible.length >= page.allMunicipalities.length
                  ? t('poll.askedAll')
                  : t('poll.asked', {
                      names: page.allMunicipalities
                        .filter((m) => poll.eligible.includes(m.code))
                        .map((m) => m.name)
                        .join(', '),
                    })
              }`}
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
            {poll.open && mine ? (
              <Form
                onSubmit={() =>
                  run('answerPoll', {
                    pollId: poll.id,
                    ...(poll.multiple ? { options: picked } : { option: picked[0] }),
                    coFinance,
                    municipality: mine.code,
                  })
                }
              >
                <Stack space="space.050">
                  {poll.multiple ? (
                    <Inline space="space.150" alignBlock="center" shouldWrap>
                      {poll.alternatives.map((a) => (
                        <Inline key={a.id} space="space.050" alignBlock="center">
                          <Toggle
                            id={`poll-${poll.id}-${a.id}`}
                            isChecked={picked.includes(a.id)}
                            onChange={() => toggle(poll.id, a.id)}
                          />
                          <Label labelFor={`poll-${poll.id}-${a.id}`}>{a.label}</Label>
                        </Inline>
                      ))}
                    </Inline>
                  ) : (
                    <Stack>
                      <Label labelFor={`poll-${poll.id}-answer`}>
                        {t('panel.pollAnswer')}
                        <RequiredAsterisk />
                      </Label>
                      <Select
                        inputId={`poll-${poll.id}-answer`}
                        name={`poll-${poll.id}`}
                        options={poll.alternatives.map((a) => ({ label: a.label, value: a.id }))}
                        onChange={(o: { value: string } | null) =>
                          setChoice({ ...choice, [poll.id]: o?.value ? [o.value] : [] })
                        }
                      />
                    </Stack>
                  )}
                  <Inline>
                    <Button type="submit" isDisabled={busy || picked.length === 0}>
                      {t('panel.answer', { municipality: mine.name })}
                    </Button>
                  </Inline>
                </Stack>
              </Form>
            ) : null}
            {page.isSecretariat && poll.open === false && !poll.closedAt ? (
              <Inline>
                <ConfirmButton
                  appearance="warning"
                  isDisabled={busy}
                  label={t('panel.closePoll')}
                  title={t('panel.closePollTitle')}
                  text={t('panel.closePollText')}
                  confirm={t('panel.closePollConfirm')}
                  cancel={t('common.cancel')}
                  onConfirm={() => run('closePoll', { pollId: poll.id })}
                />
              </Inline>
            ) : null}
          </Stack>
        );
      })}
      {page.isSecretariat ? (
        <Form onSubmit={openPoll}>
          <Stack space="space.050">
            <Heading as="h4">{t('panel.openPoll')}</Heading>
            <Stack>
              <Label labelFor="poll-question">
                {t('panel.pollQuestion')}
                <RequiredAsterisk />
              </Label>
              <Textfield
                id="poll-question"
                name="question"
                isRequired
                isInvalid={errorFor('question') !== undefined}
                value={question}
                onChange={(e) => setQuestion(e.target.value)}
              />
              {errorFor('question') ? <ErrorMessage>{errorFor('question')}</ErrorMessage> : null}
            </Stack>
            <Stack>
              <Label labelFor="poll-alternatives">
                {t('panel.pollAlternatives')}
                <RequiredAsterisk />
              </Label>
              <TextArea
                id="poll-alternatives"
                name="alternatives"
                isRequired
                isInvalid={errorFor('alternatives') !== undefined}
                value={alternatives}
                onChange={(e) => setAlternatives(e.target.value)}
              />
              {errorFor('alternatives') ? <ErrorMessage>{errorFor('alternatives')}</ErrorMessage> : null}
            </Stack>
            <Stack>
              <Label labelFor="poll-deadline">
                {t('panel.pollDeadline')}
                <RequiredAsterisk />
              </Label>
              <Textfield
                id="poll-deadline"
                name="deadline"
                isRequired
                placeholder={t('panel.deadlineFormat')}
                isInvalid={errorFor('deadline') !== undefined}
                value={deadline}
                onChange={(e) => setDeadline(e.target.value)}
              />
              {errorFor('deadline') ? (
                <ErrorMessage>{errorFor('deadline')}</ErrorMessage>
              ) : (
                <HelperMessage>{t('panel.deadlineFormat')}</HelperMessage>
              )}
            </Stack>
            <Inline space="space.100" alignBlock="center">
              <Toggle id="poll-multiple" isChecked={multiple} onChange={() => setMultiple(!multiple)} />
              <Label labelFor="poll-multiple">{t('poll.allowMultiple')}</Label>
            </Inline>
            <Stack>
              <Label labelFor="poll-municipalities">{t('poll.chooseMunicipalities')}</Label>
              <Select
                inputId="poll-municipalities"
                name="poll-municipalities"
                isMulti
                options={page.allMunicipalities.map((m) => ({ label: m.name, value: m.code }))}
                onChange={(o: { value: string }[] | null) => setAsked((o ?? []).map((x) => x.value))}
              />
              {errorFor('eligible') ? <ErrorMessage>{errorFor('eligible')}</ErrorMessage> : null}
            </Stack>
            <Inline>
              <Button type="submit" isDisabled={busy}>
                {t('panel.openPoll')}
              </Button>
            </Inline>
          </Stack>
        </Form>
      ) : null}
    </Stack>
  );
}
