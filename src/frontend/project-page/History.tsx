/**
 * The product's history on the project page (issue 15, item 5): loaded only when asked for, because a product
 * with years of decisions has a long timeline and most visits to the page do not need it.
 */
import { useState } from 'react';
import { Button, DynamicTable, Heading, Spinner, Stack, Text } from '@forge/react';
import { call, type Answer } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import { formatDateTime, type Locale, type MessageKey, type Vars } from '../../i18n/index';
import type { HistoryData } from '../../shared/project-page-data';

export function History(props: { locale: Locale; t: (key: MessageKey, vars?: Vars) => string }) {
  const { locale, t } = props;
  const [open, setOpen] = useState(false);
  const [answer, setAnswer] = useState<Answer<HistoryData> | undefined>();
  async function toggle() {
    if (open) {
      setOpen(false);
      return;
    }
    setOpen(true);
    setAnswer(undefined);
    setAnswer(await call<HistoryData>('history', { locale }));
  }
  return (
    <Stack space="space.100">
      <Heading as="h3">{t('history.title')}</Heading>
      <Button onClick={() => void toggle()}>{open ? t('history.hide') : t('history.show')}</Button>
      {!open ? null : !answer ? (
        <Spinner label={t('common.loading')} />
      ) : !answer.ok ? (
        <Feedback error={answer.error} />
      ) : answer.data.length === 0 ? (
        <Text>{t('history.empty')}</Text>
      ) : (
        <DynamicTable
          head={{
            cells: [
              { key: 'when', content: t('history.when') },
              { key: 'who', content: t('history.who') },
              { key: 'what', content: t('history.what') },
              { key: 'changes', content: t('history.changes') },
            ],
          }}
          rows={answer.data.map((e, i) => ({
            key: `${e.kind}-${e.at}-${i}`,
            cells: [
              { key: 'when', content: formatDateTime(locale, e.at) },
              { key: 'who', content: e.by ?? t('history.unknownWho') },
              { key: 'what', content: e.title },
              { key: 'changes', content: e.lines.join(' · ') },
            ],
          }))}
        />
      )}
    </Stack>
  );
}
