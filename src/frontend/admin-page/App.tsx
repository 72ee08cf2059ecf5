/**
 * Admin page: the municipality directory (Jira group → municipality, the 98 municipalities offered), the
 * secretariat and board groups, the requirement catalogue in force, the sync service's address and the event
 * secret (write-only: once stored it is never shown again).
 */
import { useEffect, useState } from 'react';
import { Button, DynamicTable, Heading, Inline, Select, Spinner, Stack, Text, Textfield } from '@forge/react';
import { useAction, useLoad, useLocale } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import type { AdminPageData } from '../../resolvers/admin-page';

type Entry = AdminPageData['directory'][number];

export function AdminPage() {
  const { locale, t, ready } = useLocale();
  const { answer, reload } = useLoad<AdminPageData>('load', locale, ready);
  const { busy, error, success, run } = useAction(locale, reload);
  const [directory, setDirectory] = useState<Entry[] | null>(null);
  const [group, setGroup] = useState('');
  const [code, setCode] = useState<string | undefined>();
  const [roles, setRoles] = useState({ secretariatGroup: '', boardGroup: '' });
  const [syncUrl, setSyncUrl] = useState('');
  const [secret, setSecret] = useState('');

  const data = answer?.ok ? answer.data : undefined;
  useEffect(() => {
    if (!data) return;
    setDirectory(data.directory);
    setRoles(data.roles);
    setSyncUrl(data.syncUrl);
  }, [data]);

  if (!answer) return <Spinner label={t('common.loading')} />;
  if (!answer.ok) return <Feedback error={answer.error} />;
  const page = answer.data;
  const entries = directory ?? page.directory;

  async function save(functionKey: string, payload: Record<string, unknown>) {
    const saved = await run(functionKey, payload, () => t('common.saved'));
    // The secret is write-only: once stored it leaves the form.
    if (saved && functionKey === 'saveSecret') setSecret('');
  }

  const add = () => {
    const m = page.municipalities.find((x) => x.code === code);
    if (!m || !group.trim()) return;
    setDirectory([
      ...entries.filter((e) => e.group !== group.trim()),
      { group: group.trim(), municipality: { name: m.name, code: m.code } },
    ]);
    setGroup('');
  };

  return (
    <Stack space="space.300">
      <Heading as="h2">{t('admin.title')}</Heading>
      <Feedback error={error} success={success} />

      <Stack space="space.100">
        <Heading as="h3">{t('admin.directory')}</Heading>
        <Text>{t('admin.directoryIntro')}</Text>
        <DynamicTable
          head={{
            cells: [
              { key: 'g', content: t('admin.group') },
              { key: 'm', content: t('panel.municipality') },
              { key: 'x', content: '' },
            ],
          }}
          rows={entries.map((e) => ({
            key: e.group,
            cells: [
              { key: 'g', content: e.group },
              { key: 'm', content: `${e.municipality.name} (${e.municipality.code})` },
              {
                key: 'x',
                content: (
                  <Button onClick={() => setDirectory(entries.filter((x) => x.group !== e.group))}>
                    {t('admin.removeMapping')}
                  </Button>
                ),
              },
            ],
          }))}
        />
        <Inline space="space.100" alignBlock="center">
          <Textfield
            name="group"
            placeholder={t('admin.group')}
            value={group}
            onChange={(e) => setGroup(e.target.value)}
          />
          <Select
            name="municipality"
            options={page.municipalities.map((m) => ({ label: `${m.name} (${m.code})`, value: m.code }))}
            onChange={(o: { value: string } | null) => setCode(o?.value)}
          />
          <Button onClick={add}>{t('admin.addMapping')}</Button>
        </Inline>
        <Button
          appearance="primary"
          isDisabled={busy}
          onClick={() => void save('saveDirectory', { entries })}
        >
          {t('common.save')}
        </Button>
      </Stack>

      <Stack space="space.100">
        <Heading as="h3">{t('admin.roles')}</Heading>
        <Textfield
          name="secretariatGroup"
          placeholder={t('admin.secretariatGroup')}
          value={roles.secretariatGroup}
          onChange={(e) => setRoles({ ...roles, secretariatGroup: e.target.value })}
        />
        <Textfield
          name="boardGroup"
          placeholder={t('admin.boardGroup')}
          value={roles.boardGroup}
          onChange={(e) => setRoles({ ...roles, boardGroup: e.target.value })}
        />
        <Button isDisabled={busy} onClick={() => void save('saveRoles', roles)}>
          {t('common.save')}
        </Button>
      </Stack>

      <Stack space="space.100">
        <Heading as="h3">{t('admin.catalogue')}</Heading>
        <Select
          name="catalogue"
          options={page.catalogues.map((c) => ({ label: c.title, value: c.id }))}
          value={page.catalogues
            .map((c) => ({ label: c.title, value: c.id }))
            .find((o) => o.value === page.catalogue)}
          onChange={(o: { value: string } | null) => o && void save('saveCatalogue', { id: o.value })}
        />
      </Stack>

      <Stack space="space.100">
        <Heading as="h3">{t('admin.sync')}</Heading>
        <Textfield
          name="syncUrl"
          placeholder={t('admin.syncUrl')}
          value={syncUrl}
          onChange={(e) => setSyncUrl(e.target.value)}
        />
        <Button isDisabled={busy} onClick={() => void save('saveSync', { url: syncUrl })}>
          {t('common.save')}
        </Button>
        <Text>{`${t('admin.secret')}: ${page.secretSet ? t('admin.secretSet') : t('admin.secretNotSet')}`}</Text>
        <Textfield
          name="secret"
          type="password"
          placeholder={t('admin.secretNew')}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        <Button isDisabled={busy || secret.length === 0} onClick={() => void save('saveSecret', { secret })}>
          {t('common.save')}
        </Button>
      </Stack>
    </Stack>
  );
}
