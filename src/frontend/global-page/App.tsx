/** Global page "OS2 portefølje": the roll-ups of the portfolio project, one row per product. */
import {
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
import { useLoad, useLocale } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import type { MessageKey } from '../../i18n/index';
import type { GlobalPageData } from '../../resolvers/global-page';
import { Lists } from './Lists';
import { ImportPanel } from './ImportPanel';
import { ATTENTION_TEXT, attentionMarkers } from '../../domain/attention';

/** The portfolio table and, on a second tab, the cross-portfolio lists (loaded when that tab is first opened). */
export function GlobalPage() {
  const { locale, t, ready } = useLocale();
  return (
    <Tabs id="os2-portfolio-tabs">
      <TabList>
        <Tab>{t('portfolio.title')}</Tab>
        <Tab>{t('lists.title.tab')}</Tab>
        <Tab>{t('import.tab')}</Tab>
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
    </Tabs>
  );
}

function Portfolio() {
  const { locale, t, ready } = useLocale();
  const { answer } = useLoad<GlobalPageData>('load', locale, ready);
  if (!answer) return <Spinner label={t('common.loading')} />;
  if (!answer.ok) return <Feedback error={answer.error} />;
  const page = answer.data;
  if (!page.present) return <Text>{t('portfolio.notHere', { key: page.portfolioKey })}</Text>;
  return (
    <Stack space="space.200">
      <Heading as="h2">{t('portfolio.title')}</Heading>
      {page.products.length === 0 ? (
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
          rows={page.products.map((p) => ({
            key: p.sourceKey,
            cells: [
              { key: 'product', content: `${p.name} (${p.project.key}, ${p.site})` },
              { key: 'level', content: p.level ?? '' },
              { key: 'state', content: p.state ? t(`state.${p.state}` as MessageKey) : '' },
              { key: 'steering', content: p.steering.chair ?? '' },
              { key: 'status', content: p.status ? t(`rag.${p.status.rag}` as MessageKey) : '' },
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
                content: attentionMarkers(p)
                  .map((m) => ATTENTION_TEXT[m][locale])
                  .join(', '),
              },
            ],
          }))}
        />
      )}
    </Stack>
  );
}
