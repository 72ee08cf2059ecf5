/**
 * The cross-portfolio lists on the global page (issue 15, item 6). Each list has its CSV under a toggle, to copy
 * into a spreadsheet: a UI Kit page cannot hand the browser a file, and the sync service's portfolio page
 * offers the same lists as downloads.
 */
import { useState } from 'react';
import { Button, CodeBlock, DynamicTable, Heading, Lozenge, Spinner, Stack, Text } from '@forge/react';
import { useLoad } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import { formatDkk, formatter, type Locale, type MessageKey, type Vars } from '../../i18n/index';
import { changeRequestStateText, type ListKind } from '../../domain/portfolio-lists';
import type { ListsData } from '../../shared/global-page-data';

type T = (key: MessageKey, vars?: Vars) => string;

function Csv({ text, t }: { text: string; t: T }) {
  const [open, setOpen] = useState(false);
  return (
    <Stack space="space.050">
      <Button appearance="subtle" onClick={() => setOpen(!open)}>
        {open ? t('lists.hideCsv') : t('lists.showCsv')}
      </Button>
      {open ? <CodeBlock language="text" text={text.replace(/^\uFEFF/, '')} /> : null}
    </Stack>
  );
}

function Section(props: {
  title: string;
  empty: string;
  count: number;
  csv: string;
  t: T;
  children: unknown;
}) {
  return (
    <Stack space="space.100">
      <Heading as="h3">{`${props.title} (${props.count})`}</Heading>
      {props.count === 0 ? <Text>{props.empty}</Text> : (props.children as never)}
      {props.count === 0 ? null : <Csv text={props.csv} t={props.t} />}
    </Stack>
  );
}

export function Lists({ locale, t, ready }: { locale: Locale; t: T; ready: boolean }) {
  const { answer } = useLoad<ListsData>('lists', locale, ready);
  if (!answer) return <Spinner label={t('common.loading')} />;
  if (!answer.ok) return <Feedback error={answer.error} />;
  // Dates as everywhere else in the app ("15. jan. 2027"), on the Copenhagen day: a deadline at 23.30 UTC is
  // the next day in Denmark, which the ISO prefix of the instant would get wrong.
  const day = (iso: string) => formatter(locale).date(iso);
  const d = answer.data;
  const csv = (k: ListKind) => d.csv[k];
  return (
    <Stack space="space.300">
      <Section
        title={t('lists.polls')}
        empty={t('lists.noPolls')}
        count={d.polls.length}
        csv={csv('polls')}
        t={t}
      >
        <DynamicTable
          head={{
            cells: [
              { key: 'product', content: t('portfolio.product') },
              { key: 'question', content: t('lists.question') },
              { key: 'deadline', content: t('lists.deadline') },
              { key: 'answers', content: t('lists.answers') },
            ],
          }}
          rows={d.polls.map((p, i) => ({
            key: `poll-${i}`,
            cells: [
              { key: 'product', content: `${p.product.name} (${p.product.projectKey})` },
              { key: 'question', content: p.question },
              {
                key: 'deadline',
                content: (
                  <Lozenge appearance={p.status === 'open' ? 'inprogress' : 'moved'}>
                    {`${day(p.deadline)} ${p.status === 'open' ? '' : t('lists.awaitingClose')}`.trim()}
                  </Lozenge>
                ),
              },
              { key: 'answers', content: `${p.answers} / ${p.eligible}` },
            ],
          }))}
        />
      </Section>
      <Section
        title={t('lists.changeRequests')}
        empty={t('lists.noChangeRequests')}
        count={d.changeRequests.length}
        csv={csv('changeRequests')}
        t={t}
      >
        <DynamicTable
          head={{
            cells: [
              { key: 'product', content: t('portfolio.product') },
              { key: 'title', content: t('lists.title') },
              { key: 'state', content: t('lists.state') },
              { key: 'priority', content: t('lists.priority') },
              { key: 'estimate', content: t('lists.estimate') },
            ],
          }}
          rows={d.changeRequests.map((c, i) => ({
            key: `cr-${i}`,
            cells: [
              { key: 'product', content: `${c.product.name} (${c.product.projectKey})` },
              { key: 'title', content: c.issueKey ? `${c.issueKey}: ${c.title}` : c.title },
              { key: 'state', content: changeRequestStateText(c.state, locale) },
              { key: 'priority', content: c.priority === undefined ? '' : String(c.priority) },
              {
                key: 'estimate',
                content: c.estimateDkk === undefined ? '' : formatDkk(locale, c.estimateDkk),
              },
            ],
          }))}
        />
      </Section>
      <Section
        title={t('lists.outcomes')}
        empty={t('lists.noOutcomes')}
        count={d.outcomes.length}
        csv={csv('outcomes')}
        t={t}
      >
        <DynamicTable
          head={{
            cells: [
              { key: 'product', content: t('portfolio.product') },
              { key: 'title', content: t('lists.title') },
              { key: 'outcome', content: t('lists.outcome') },
              { key: 'published', content: t('lists.published') },
            ],
          }}
          rows={d.outcomes.map((o, i) => ({
            key: `out-${i}`,
            cells: [
              { key: 'product', content: `${o.product.name} (${o.product.projectKey})` },
              { key: 'title', content: o.issueKey ? `${o.issueKey}: ${o.title}` : o.title },
              {
                key: 'outcome',
                content: `${o.approved ? t('lists.approved') : t('lists.rejected')}: ${o.reason}`,
              },
              { key: 'published', content: day(o.publishedAt) },
            ],
          }))}
        />
      </Section>
      <Section
        title={t('lists.ungoverned')}
        empty={t('lists.noUngoverned')}
        count={d.ungoverned.length}
        csv={csv('ungoverned')}
        t={t}
      >
        <DynamicTable
          head={{
            cells: [
              { key: 'site', content: t('lists.site') },
              { key: 'key', content: t('lists.projectKey') },
              { key: 'name', content: t('lists.name') },
            ],
          }}
          rows={d.ungoverned.map((u) => ({
            key: `${u.site}/${u.projectId}`,
            cells: [
              { key: 'site', content: u.site },
              { key: 'key', content: u.projectKey },
              { key: 'name', content: u.name },
            ],
          }))}
        />
      </Section>
    </Stack>
  );
}
