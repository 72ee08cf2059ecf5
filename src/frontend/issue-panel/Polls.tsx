/**
 * Polls on the issue panel (seed 000; issue 14 finding 10): the secretariat opens one with its question, its
 * alternatives, whether a municipality may choose several ("og/eller"), and which municipalities are asked (only
 * they may answer; all when none is chosen). A municipality answers for itself with one or several alternatives and
 * its willingness to co-finance; the secretariat closes the poll after the deadline.
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
import { formatDateTime, type Locale, type MessageKey, type Vars } from '../../i18n/index';
import type { IssuePanelData } from '../../resolvers/issue-panel';

type T = (key: MessageKey, vars?: Vars) => string;

export function Polls(props: {
  page: IssuePanelData;
  coFinance: { willing: boolean; amountDkk?: number };
  t: T;
  locale: Locale;
  busy: boolean;
  run: (functionKey: string, payload: Record<string, unknown>) => Promise<void>;
}) {
  const { page, coFinance, t, locale, busy, run } = props;
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
              <Inline space="space.100" alignBlock="center">
                {poll.multiple ? (
                  poll.alternatives.map((a) => (
                    <Inline key={a.id} space="space.050" alignBlock="center">
                      <Toggle
                        id={`poll-${poll.id}-${a.id}`}
                        isChecked={picked.includes(a.id)}
                        onChange={() => toggle(poll.id, a.id)}
                      />
                      <Text>{a.label}</Text>
                    </Inline>
                  ))
                ) : (
                  <Select
                    name={`poll-${poll.id}`}
                    options={poll.alternatives.map((a) => ({ label: a.label, value: a.id }))}
                    onChange={(o: { value: string } | null) =>
                      setChoice({ ...choice, [poll.id]: o?.value ? [o.value] : [] })
                    }
                  />
                )}
                <Button
                  isDisabled={busy || picked.length === 0}
                  onClick={() =>
                    void run('answerPoll', {
                      pollId: poll.id,
                      ...(poll.multiple ? { options: picked } : { option: picked[0] }),
                      coFinance,
                      municipality: mine.code,
                    })
                  }
                >
                  {t('panel.answer', { municipality: mine.name })}
                </Button>
              </Inline>
            ) : null}
            {page.isSecretariat && poll.open === false && !poll.closedAt ? (
              <Button isDisabled={busy} onClick={() => void run('closePoll', { pollId: poll.id })}>
                {t('panel.closePoll')}
              </Button>
            ) : null}
          </Stack>
        );
      })}
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
          <Inline space="space.100" alignBlock="center">
            <Toggle id="poll-multiple" isChecked={multiple} onChange={() => setMultiple(!multiple)} />
            <Text>{t('poll.allowMultiple')}</Text>
          </Inline>
          <Select
            name="poll-municipalities"
            isMulti
            placeholder={t('poll.chooseMunicipalities')}
            options={page.allMunicipalities.map((m) => ({ label: m.name, value: m.code }))}
            onChange={(o: { value: string }[] | null) => setAsked((o ?? []).map((x) => x.value))}
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
                ...(multiple ? { multiple: true } : {}),
                ...(asked.length > 0 ? { eligible: asked } : {}),
              })
            }
          >
            {t('panel.openPoll')}
          </Button>
        </Stack>
      ) : null}
    </Stack>
  );
}
