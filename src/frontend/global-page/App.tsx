/** Global page "OS2 portefølje": the roll-ups of the portfolio project, one row per product. */
import { useState } from 'react';
import {
  Button,
  Checkbox,
  DynamicTable,
  Heading,
  Lozenge,
  Spinner,
  Stack,
  Tab,
  TabList,
  TabPanel,
  Tabs,
  Text,
} from '@forge/react';
import { call, useLoad, useLocale } from '../shared/resolver';
import type { AppError } from '../shared/resolver';
import { mergePortfolioRows, type PortfolioRow } from '../../domain/portfolio-rows';
import { Feedback } from '../shared/Feedback';
import { formatter, type MessageKey } from '../../i18n/index';
import type { GlobalPageData } from '../../shared/global-page-data';
import { Lists } from './Lists';
import { ImportPanel } from './ImportPanel';
import { MeetingPanel } from './MeetingPanel';
import {
  attentionLabel,
  attentionMarkers,
  needsAttention,
  NEEDS_ATTENTION_TEXT,
} from '../../domain/attention';

/** The portfolio table and, on a second tab, the cross-portfolio lists (loaded when that tab is first opened). */
export function GlobalPage() {
  const { locale, t, ready } = useLocale();
  return (
    <Tabs id="os2-portfolio-tabs">
      <TabList>
        <Tab>{t('portfolio.title')}</Tab>
        <Tab>{t('lists.title.tab')}</Tab>
        <Tab>{t('import.tab')}</Tab>
        <Tab>{t('meeting.tab')}</Tab>
      </TabList>
      <TabPanel>
        <Portfolio />
      </TabPanel>
      <TabPanel>
        <Lists locale={locale} t={t} ready={ready} />
      </TabPanel>
      <TabPanel>
        <ImportPanel locale={locale} t={t} />
      </TabPanel>
      <TabPanel>
        <MeetingPanel locale={locale} t={t} ready={ready} />
      </TabPanel>
    </Tabs>
  );
}

function Portfolio() {
  const { locale, t, ready } = useLocale();
  const { answer } = useLoad<GlobalPageData>('load', locale, ready);
  // Later pages, loaded when the user asks for more (each one search call): the first load stays constant.
  const [more, setMore] = useState<{ rows: PortfolioRow[]; next?: string; error?: AppError }>();
  const [busy, setBusy] = useState(false);
  // "Kræver opmærksomhed": the rows loaded so far with a marker that needs attention (as on the portfolio page).
  const [onlyAttention, setOnlyAttention] = useState(false);
  if (!answer) return <Spinner label={t('common.loading')} />;
  if (!answer.ok) return <Feedback error={answer.error} />;
  const page = answer.data;
  if (!page.present) return <Text>{t('portfolio.notHere', { key: page.portfolioKey })}</Text>;
  const loaded = mergePortfolioRows(page.products, more?.rows ?? []);
  const products = onlyAttention ? loaded.filter((p) => needsAttention(p)) : loaded;
  const next = more ? more.next : page.nextPageToken;
  const loadMore = async () => {
    setBusy(true);
    const a = await call<GlobalPageData>('load', { locale, nextPageToken: next });
    setBusy(false);
    setMore((m) =>
      a.ok
        ? {
            rows: [...(m?.rows ?? []), ...a.data.products],
            ...(a.data.nextPageToken ? { next: a.data.nextPageToken } : {}),
          }
        : { rows: m?.rows ?? [], ...(next ? { next } : {}), error: a.error },
    );
  };
  return (
    <Stack space="space.200">
      <Heading as="h2">{t('portfolio.title')}</Heading>
      <Checkbox
        id="portfolio-attention"
        name="attention"
        label={NEEDS_ATTENTION_TEXT[locale]}
        isChecked={onlyAttention}
        onChange={() => setOnlyAttention(!onlyAttention)}
      />
      {loaded.length === 0 ? (
        <Text>{t('portfolio.empty')}</Text>
      ) : (
        <DynamicTable
          head={{
            cells: [
              { key: 'product', content: t('portfolio.product') },
              { key: 'level', content: t('portfolio.level') },
              { key: 'state', content: t('portfolio.state') },
              { key: 'steering', content: t('portfolio.steering') },
              { key: 'status', content: t('portfolio.status') },
              { key: 'requirements', content: t('portfolio.requirements') },
              { key: 'requests', content: t('portfolio.requests') },
              { key: 'integrity', content: t('portfolio.integrity') },
              { key: 'markers', content: t('portfolio.markers') },
            ],
          }}
          rows={products.map((p) => ({
            key: p.sourceKey,
            cells: [
              { key: 'product', content: `${p.name} (${p.project.key}, ${p.site})` },
              { key: 'level', content: p.level ?? '' },
              { key: 'state', content: p.state ? t(`state.${p.state}` as MessageKey) : '' },
              { key: 'steering', content: p.steering.chair ?? '' },
              {
                key: 'status',
                // The development frame beside the status (issue 14), with whether it is in force.
                content: [
                  p.status ? t(`rag.${p.status.rag}` as MessageKey) : '',
                  p.frame
                    ? `${t('page.frame')}: ${formatter(locale).dkk(p.frame.amountDkk)} (${t(
                        p.frame.approved ? 'page.frameApproved' : 'page.frameNotApproved',
                      )})`
                    : '',
                ]
                  .filter(Boolean)
                  .join(' · '),
              },
              {
                key: 'requirements',
                content: t('portfolio.requirementsSummary', {
                  met: p.requirements.met,
                  explained: p.requirements.explained,
                  open: p.requirements.open.length,
                }),
              },
              { key: 'requests', content: String(p.openRequests) },
              {
                key: 'integrity',
                content: (
                  <Lozenge appearance={p.integrity === 'verified' ? 'success' : 'removed'}>
                    {t(`integrity.${p.integrity}` as MessageKey)}
                  </Lozenge>
                ),
              },
              {
                key: 'markers',
                // Overdue with since when, stale with the status's date (issue 15 item 3), against today here.
                content: attentionMarkers(p)
                  .map((m) => attentionLabel(m, p, locale, (d) => formatter(locale).date(d)))
                  .join(', '),
              },
            ],
          }))}
        />
      )}
      {next ? (
        <Stack space="space.100">
          <Text>{t('portfolio.shown', { shown: loaded.length, total: page.total ?? loaded.length })}</Text>
          <Button isDisabled={busy} onClick={() => void loadMore()}>
            {t('portfolio.more')}
          </Button>
        </Stack>
      ) : null}
      {more?.error ? <Feedback error={more.error} /> : null}
    </Stack>
  );
}
