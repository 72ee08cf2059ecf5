/** Project settings page: the OS2 standard issue types checked against the project; project admins apply them. */
import { Button, Heading, Lozenge, SectionMessage, Spinner, Stack, Text } from '@forge/react';
import { useAction, useLoad, useLocale } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import type { SettingsPageData } from '../../shared/settings-page-data';

export function SettingsPage() {
  const { locale, t, ready } = useLocale();
  const { answer, reload } = useLoad<SettingsPageData>('load', locale, ready);
  const { busy, error, success, run } = useAction(locale, reload);
  if (!answer) return <Spinner label={t('common.loading')} />;
  if (!answer.ok) return <Feedback error={answer.error} />;
  const page = answer.data;

  const apply = () =>
    run<{ created: string[]; added: string[] }>('apply', {}, (data) =>
      t('settings.applied', { created: data.created.length, added: data.added.length }),
    );

  return (
    <Stack space="space.200">
      <Heading as="h2">{t('settings.title')}</Heading>
      <Text>{t('settings.intro')}</Text>
      <Text>
        {page.project.style === 'classic'
          ? t('settings.projectStyle.classic')
          : t('settings.projectStyle.nextGen')}
      </Text>
      <Feedback error={error} success={success} />
      <Heading as="h3">{t('settings.present')}</Heading>
      <Stack space="space.050">
        {page.present.map((p) => (
          <Text key={p.standard}>{p.standard === p.name ? p.name : `${p.standard} (${p.name})`}</Text>
        ))}
      </Stack>
      {page.missing.length > 0 ? (
        <Stack space="space.050">
          <Heading as="h3">{t('settings.missing')}</Heading>
          {page.missing.map((m) => (
            <Lozenge key={m} appearance="removed">
              {m}
            </Lozenge>
          ))}
        </Stack>
      ) : (
        <SectionMessage appearance="success" title={t('settings.upToDate')}>
          <Text>{t('settings.upToDate')}</Text>
        </SectionMessage>
      )}
      {page.extra.length > 0 ? (
        <Stack space="space.050">
          <Heading as="h3">{t('settings.extra')}</Heading>
          <Text>{page.extra.join(', ')}</Text>
        </Stack>
      ) : null}
      {page.canApply ? (
        <Button
          appearance="primary"
          isDisabled={busy || page.missing.length === 0}
          onClick={() => void apply()}
        >
          {t('settings.apply')}
        </Button>
      ) : (
        <Text>{t('settings.onlyAdmins')}</Text>
      )}
    </Stack>
  );
}
