/**
 * The import of the existing portfolio on the global page (docs/import.md), for the secretariat: paste the
 * spreadsheet (saved as CSV, or cells copied straight from Excel) or a JSON file, run the dry run, read every
 * row and every problem with its row and column, then import. An import stopped before the end (Forge's time
 * limit, a failure) says so and offers to continue; rows already in are left alone.
 *
 * Pasting rather than a file picker: UI Kit's FilePicker is an early-access component of Forge Object Store, not
 * for a production app, and copy–paste from Excel is what the secretariat does anyway.
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
  Lozenge,
  RequiredAsterisk,
  SectionMessage,
  Stack,
  Text,
  TextArea,
} from '@forge/react';
import { call, type AppError } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import type { Locale, MessageKey, Vars } from '../../i18n/index';
import type { ImportReport, ReportRow } from '../../shared/import-report';

type T = (key: MessageKey, vars?: Vars) => string;

const APPEARANCE: Record<string, 'success' | 'default' | 'moved' | 'removed' | 'inprogress'> = {
  create: 'inprogress',
  created: 'success',
  unchanged: 'default',
  conflict: 'moved',
  invalid: 'removed',
  failed: 'removed',
  pending: 'moved',
};

function what(row: ReportRow, t: T): string {
  return row.outcome
    ? t(`import.outcome.${row.outcome}` as MessageKey)
    : t(`import.action.${row.action}` as MessageKey);
}

function summaryText(row: ReportRow, t: T): string {
  const s = row.summary;
  if (!s || !row.level || !row.state) return '';
  return [
    t('import.createSummary', {
      level: row.level,
      state: t(`state.${row.state}` as MessageKey),
      municipalities: s.municipalities,
      decisions: s.decisions,
      steering: s.steeringGroup,
      coordination: s.coordinationGroup,
    }),
    ...(s.budgetDkk !== undefined
      ? [t('import.budget', { amount: s.budgetDkk.toLocaleString('da-DK') })]
      : []),
    ...(s.awaitsBoard ? [t('import.awaitsBoard')] : []),
  ].join('; ');
}

export function ImportPanel({ locale, t }: { locale: Locale; t: T }) {
  const [text, setText] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(fn: 'importPreview' | 'importApply') {
    if (!text.trim()) {
      setError({ code: 'EMPTY', message: t('import.empty') });
      return;
    }
    setBusy(true);
    setError(null);
    const answer = await call<ImportReport>(fn, { locale, text });
    setBusy(false);
    if (answer.ok) setReport(answer.data);
    else setError(answer.error);
  }

  const applied = report?.applied;
  return (
    <Stack space="space.200">
      <Heading as="h2">{t('import.title')}</Heading>
      <Text>{t('import.intro')}</Text>
      {/* The dry run is the form's submit: it only reads. The import itself is a separate button below. */}
      <Form onSubmit={() => run('importPreview')}>
        <Stack space="space.100">
          <Stack>
            <Label labelFor="os2-import-text">
              {t('import.file')}
              <RequiredAsterisk />
            </Label>
            <TextArea
              id="os2-import-text"
              name="importText"
              isRequired
              isInvalid={error?.code === 'EMPTY'}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setReport(null);
              }}
            />
            {error?.code === 'EMPTY' ? <ErrorMessage>{error.message}</ErrorMessage> : null}
          </Stack>
          <Inline>
            <Button type="submit" appearance="default" isDisabled={busy}>
              {t('import.preview')}
            </Button>
          </Inline>
        </Stack>
      </Form>
      {error?.code === 'EMPTY' ? null : <Feedback error={error} />}
      {report ? (
        <Stack space="space.150">
          {report.fileProblems.length ? (
            <SectionMessage appearance="warning" title={t('import.col.problems')}>
              {report.fileProblems.map((p, n) => (
                <Text key={n}>{p.text}</Text>
              ))}
            </SectionMessage>
          ) : null}
          <Text>{t('import.counts', { ...report.counts })}</Text>
          {applied ? (
            <SectionMessage
              appearance={applied.done ? 'success' : 'warning'}
              title={t('import.appliedCounts', { ...applied, done: String(applied.done) })}
            >
              <Text>{t(applied.done ? 'import.done' : 'import.notDone')}</Text>
            </SectionMessage>
          ) : null}
          {report.rows.length ? (
            <DynamicTable
              head={{
                cells: [
                  { key: 'row', content: t('import.col.row') },
                  { key: 'key', content: t('import.col.key') },
                  { key: 'name', content: t('import.col.name') },
                  { key: 'what', content: t('import.col.what') },
                  { key: 'problems', content: t('import.col.problems') },
                ],
              }}
              rows={report.rows.map((r) => ({
                key: `row-${r.row}`,
                cells: [
                  { key: 'row', content: String(r.row) },
                  { key: 'key', content: r.key ?? '' },
                  { key: 'name', content: r.name ?? '' },
                  {
                    key: 'what',
                    content: (
                      <Stack space="space.050">
                        <Lozenge appearance={APPEARANCE[r.outcome ?? r.action] ?? 'default'}>
                          {what(r, t)}
                        </Lozenge>
                        {r.action === 'create' ? <Text>{summaryText(r, t)}</Text> : null}
                      </Stack>
                    ),
                  },
                  {
                    key: 'problems',
                    content: (
                      <Stack space="space.050">
                        {r.problems.map((p, n) => (
                          <Text key={n}>{p.text}</Text>
                        ))}
                      </Stack>
                    ),
                  },
                ],
              }))}
            />
          ) : null}
          {report.mode === 'dry-run' && report.counts.create > 0 ? (
            <Button appearance="primary" isDisabled={busy} onClick={() => void run('importApply')}>
              {t('import.apply', { count: report.counts.create })}
            </Button>
          ) : null}
          {applied && !applied.done ? (
            <Button appearance="primary" isDisabled={busy} onClick={() => void run('importApply')}>
              {t('import.applyAgain')}
            </Button>
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  );
}
