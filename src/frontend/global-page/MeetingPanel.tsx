/**
 * The board meeting on the global page (issue 15 item 4): the agenda of everything awaiting the board, the
 * board's decision chosen per item, and one meeting reference (date, minutes link) with which all of them are
 * recorded in one go. A decision that is refused or stale is shown on its item and stays chosen in the form, so
 * nothing typed is lost; the recorded ones leave the agenda when it reloads. The secretariat sets the meeting
 * date and proposes level changes. The printable pack is the resolver's A4 HTML document: UI Kit cannot hand the
 * browser a file, so it is shown to copy into a `.html` file, which the browser prints or saves as PDF.
 */
import { useState } from 'react';
import {
  Button,
  CodeBlock,
  Heading,
  Inline,
  Label,
  SectionMessage,
  Select,
  Spinner,
  Stack,
  Text,
  Textfield,
} from '@forge/react';
import { call, useLoad, type AppError } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import { itemSummary, longDate } from '../../shared/meeting-pack';
import { AGENDA_KINDS, type AgendaItem } from '../../domain/board-agenda';
import type { Locale, MessageKey, Vars } from '../../i18n/index';
import type { MeetingAgendaData, MeetingLine } from '../../shared/meeting-data';

type T = (key: MessageKey, vars?: Vars) => string;

/** What the board may decide on each kind of item (the rules decide whether it may, when it is recorded). */
const CHOICES: Record<AgendaItem['kind'], string[]> = {
  concept: ['approve', 'sendBack', 'reject'],
  admission: ['confirmAdmission', 'reject'],
  budget: ['approveBudget'],
  level_change: ['changeLevel'],
  change_request: ['approveRequest', 'rejectRequest'],
  attention: ['retire'],
};

interface Choice {
  action: string;
  reason: string;
}

/** The payload line of one chosen decision, at the revision the agenda showed. */
export function decisionFor(item: AgendaItem, choice: Choice): Record<string, unknown> {
  const reason = choice.reason.trim();
  const at = { projectId: item.product.projectId, expectedRevision: item.product.revision };
  if (item.kind === 'change_request')
    return {
      action: 'decideChangeRequest',
      issueId: item.issueId,
      expectedRevision: item.requestRevision,
      approve: choice.action === 'approveRequest',
      ...(reason ? { reason } : {}),
    };
  if (choice.action === 'changeLevel' && item.kind === 'level_change')
    return { action: 'changeLevel', ...at, level: item.toLevel, reason: reason || item.reason };
  if (['approve', 'confirmAdmission', 'approveBudget'].includes(choice.action))
    return { action: choice.action, ...at, basis: reason };
  return { action: choice.action, ...at, ...(reason ? { reason } : {}) };
}

export function MeetingPanel({ locale, t, ready }: { locale: Locale; t: T; ready: boolean }) {
  const { answer, reload } = useLoad<MeetingAgendaData>('meetingAgenda', locale, ready);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [date, setDate] = useState('');
  const [minutesUrl, setMinutesUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [failed, setFailed] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [pack, setPack] = useState<string | null>(null);
  const [planDate, setPlanDate] = useState('');
  const [proposal, setProposal] = useState({ projectKey: '', toLevel: 'N2', reason: '' });
  const [planFeedback, setPlanFeedback] = useState<{ error?: AppError; success?: string }>({});

  if (!answer) return <Spinner label={t('common.loading')} />;
  if (!answer.ok) return <Feedback error={answer.error} />;
  const { agenda, can } = answer.data;

  const chosen = agenda.items.filter((i) => choices[i.id] && choices[i.id]!.action !== 'none');

  async function record() {
    setBusy(true);
    setError(null);
    setSummary(null);
    const result = await call<MeetingLine[]>('recordMeeting', {
      locale,
      meeting: { date: date.trim(), minutesUrl: minutesUrl.trim() },
      decisions: chosen.map((i) => decisionFor(i, choices[i.id]!)),
    });
    setBusy(false);
    if (!result.ok) {
      // Nothing was recorded (the meeting reference or the right to record was refused): the form stays as it is.
      setError(result.error);
      return;
    }
    const lines = result.data;
    const nextFailed: Record<string, string> = {};
    const kept: Record<string, Choice> = {};
    lines.forEach((l) => {
      const item = chosen[l.index]!;
      if (!l.ok) {
        nextFailed[item.id] = l.message;
        kept[item.id] = choices[item.id]!;
      }
    });
    setFailed(nextFailed);
    setChoices(kept);
    const ok = lines.filter((l) => l.ok).length;
    setSummary(
      t('meeting.recorded', { ok, total: lines.length }) +
        (ok < lines.length ? ` ${t('meeting.failedKept')}` : ''),
    );
    reload();
  }

  async function openPack() {
    const result = await call<{ html: string; filename: string }>('meetingPack', { locale });
    if (result.ok) setPack(result.data.html);
    else setError(result.error);
  }

  async function plan(payload: Record<string, unknown>) {
    const result = await call('meetingPlan', { locale, ...payload });
    setPlanFeedback(result.ok ? { success: t('meeting.planSaved') } : { error: result.error });
    if (result.ok) reload();
  }

  const choiceOptions = (item: AgendaItem) => [
    { label: t('meeting.choice.none'), value: 'none' },
    ...CHOICES[item.kind].map((c) => ({ label: t(`meeting.choice.${c}` as MessageKey), value: c })),
  ];

  return (
    <Stack space="space.200">
      <Heading as="h2">{t('meeting.title')}</Heading>
      <Text>{t('meeting.intro')}</Text>
      <Text>
        {agenda.meetingDate
          ? t('meeting.dateLine', { date: longDate(locale, agenda.meetingDate) })
          : t('meeting.noDate')}
      </Text>
      {can.plan ? (
        <Stack space="space.100">
          <Heading as="h3">{t('meeting.planTitle')}</Heading>
          <Label labelFor="meeting-plan-date">{t('meeting.date')}</Label>
          <Inline space="space.100">
            <Textfield
              id="meeting-plan-date"
              name="planDate"
              placeholder="2026-12-10"
              value={planDate}
              onChange={(e) => setPlanDate(e.target.value)}
            />
            <Button onClick={() => void plan({ date: planDate.trim() })}>{t('meeting.savePlan')}</Button>
          </Inline>
          <Inline space="space.100">
            <Label labelFor="meeting-proposal-key">{t('meeting.proposeProject')}</Label>
            <Textfield
              id="meeting-proposal-key"
              name="proposalKey"
              placeholder={t('meeting.proposeProject')}
              value={proposal.projectKey}
              onChange={(e) => setProposal({ ...proposal, projectKey: e.target.value })}
            />
            <Label labelFor="meeting-proposal-level">{t('project.level')}</Label>
            <Select
              inputId="meeting-proposal-level"
              name="proposalLevel"
              options={['N1', 'N2', 'N3'].map((l) => ({ label: l, value: l }))}
              value={{ label: proposal.toLevel, value: proposal.toLevel }}
              onChange={(o: { value: string } | null) =>
                setProposal({ ...proposal, toLevel: o?.value ?? 'N2' })
              }
            />
            <Label labelFor="meeting-proposal-reason">{t('meeting.reasonField')}</Label>
            <Textfield
              id="meeting-proposal-reason"
              name="proposalReason"
              placeholder={t('meeting.reasonField')}
              value={proposal.reason}
              onChange={(e) => setProposal({ ...proposal, reason: e.target.value })}
            />
            <Button
              onClick={() =>
                void plan({ proposal: { ...proposal, projectKey: proposal.projectKey.trim().toUpperCase() } })
              }
            >
              {t('meeting.proposeLevel')}
            </Button>
          </Inline>
          <Feedback error={planFeedback.error ?? null} success={planFeedback.success ?? null} />
        </Stack>
      ) : null}
      {agenda.items.length === 0 ? <Text>{t('meeting.empty')}</Text> : null}
      {AGENDA_KINDS.map((kind) => {
        const items = agenda.items.filter((i) => i.kind === kind);
        if (items.length === 0) return null;
        return (
          <Stack key={kind} space="space.150">
            <Heading as="h3">{`${t(`meeting.section.${kind}`)} (${items.length})`}</Heading>
            {items.map((item) => {
              const s = itemSummary(locale, item);
              const choice = choices[item.id] ?? { action: 'none', reason: '' };
              return (
                <Stack key={item.id} space="space.050">
                  <Heading as="h4">{s.title}</Heading>
                  {s.lines.map((line, n) => (
                    <Text key={n}>{line}</Text>
                  ))}
                  {can.record ? (
                    <Inline space="space.100" alignBlock="center">
                      <Label labelFor={`meeting-choice-${item.id}`}>{t('meeting.decision')}</Label>
                      <Select
                        inputId={`meeting-choice-${item.id}`}
                        name={`choice-${item.id}`}
                        options={choiceOptions(item)}
                        value={choiceOptions(item).find((o) => o.value === choice.action)}
                        onChange={(o: { value: string } | null) =>
                          setChoices({ ...choices, [item.id]: { ...choice, action: o?.value ?? 'none' } })
                        }
                      />
                      <Label labelFor={`meeting-reason-${item.id}`}>{t('meeting.reasonField')}</Label>
                      <Textfield
                        id={`meeting-reason-${item.id}`}
                        name={`reason-${item.id}`}
                        placeholder={t('meeting.reasonField')}
                        value={choice.reason}
                        onChange={(e) =>
                          setChoices({ ...choices, [item.id]: { ...choice, reason: e.target.value } })
                        }
                      />
                    </Inline>
                  ) : null}
                  {failed[item.id] ? (
                    <SectionMessage appearance="error" title={t('meeting.result.failed')}>
                      <Text>{failed[item.id]!}</Text>
                    </SectionMessage>
                  ) : null}
                </Stack>
              );
            })}
          </Stack>
        );
      })}
      {can.record && agenda.items.length > 0 ? (
        <Stack space="space.100">
          <Inline space="space.100">
            <Label labelFor="meeting-date">{t('meeting.date')}</Label>
            <Textfield
              id="meeting-date"
              name="meetingDate"
              placeholder={`${t('meeting.date')} (2026-12-10)`}
              value={date}
              onChange={(e) => setDate(e.target.value)}
            />
            <Label labelFor="meeting-minutes">{t('meeting.minutes')}</Label>
            <Textfield
              id="meeting-minutes"
              name="minutesUrl"
              placeholder={`${t('meeting.minutes')} (https://…)`}
              value={minutesUrl}
              onChange={(e) => setMinutesUrl(e.target.value)}
            />
          </Inline>
          <Button appearance="primary" isDisabled={busy || chosen.length === 0} onClick={() => void record()}>
            {busy ? t('meeting.recording') : t('meeting.record')}
          </Button>
        </Stack>
      ) : null}
      <Feedback error={error} success={summary} />
      {can.record ? (
        <Stack space="space.100">
          <Button onClick={() => void openPack()}>{t('meeting.pack')}</Button>
          {pack ? (
            <Stack space="space.050">
              <Text>{t('meeting.packHint')}</Text>
              <CodeBlock language="text" text={pack} />
            </Stack>
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  );
}
