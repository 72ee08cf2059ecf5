/**
 * Admin page: the municipality directory (Jira group → municipality, the 98 municipalities offered, or all filled
 * from a naming pattern), the secretariat and board groups, the requirement catalogue in force, the sync service's
 * address and the event secret (write-only: once stored it is never shown again) with a signed test event.
 * Every field has a UI Kit `Label` (Atlassian's form guidance; issue 17 item 11).
 */
import { useEffect, useState } from 'react';
import {
  Button,
  DynamicTable,
  Heading,
  HelperMessage,
  Inline,
  Label,
  Select,
  Spinner,
  Stack,
  Text,
  Textfield,
} from '@forge/react';
import { useAction, useLoad, useLocale } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import type { AdminPageData } from '../../shared/admin-page-data';
import { PatternFill } from './PatternFill';
import { SyncTest } from './SyncTest';

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
          label={t('admin.directory')}
          // All 98 municipalities fit the directory; a page of them at a time keeps the settings below in view.
          rowsPerPage={10}
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
        <Inline space="space.100" alignBlock="end">
          <Stack>
            <Label labelFor="admin-group">{t('admin.group')}</Label>
            <Textfield
              id="admin-group"
              name="group"
              value={group}
              onChange={(e) => setGroup(e.target.value)}
            />
            <HelperMessage>{t('admin.groupHelp')}</HelperMessage>
          </Stack>
          <Stack>
            <Label labelFor="admin-municipality">{t('admin.municipalityLabel')}</Label>
            <Select
              inputId="admin-municipality"
              name="municipality"
              options={page.municipalities.map((m) => ({ label: `${m.name} (${m.code})`, value: m.code }))}
              onChange={(o: { value: string } | null) => setCode(o?.value)}
            />
            <HelperMessage> </HelperMessage>
          </Stack>
          <Button onClick={add}>{t('admin.addMapping')}</Button>
        </Inline>
        <PatternFill
          locale={locale}
          t={t}
          onFill={(found) =>
            // A found group replaces the municipality's earlier mapping; municipalities not found keep theirs.
            setDirectory([
              ...entries.filter(
                (e) => !found.some((f) => f.group === e.group || f.municipality.code === e.municipality.code),
              ),
              ...found,
            ])
          }
        />
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
        <Stack>
          <Label labelFor="admin-secretariat-group">{t('admin.secretariatGroup')}</Label>
          <Textfield
            id="admin-secretariat-group"
            name="secretariatGroup"
            value={roles.secretariatGroup}
            onChange={(e) => setRoles({ ...roles, secretariatGroup: e.target.value })}
          />
          <HelperMessage>{t('admin.rolesHelp')}</HelperMessage>
        </Stack>
        <Stack>
          <Label labelFor="admin-board-group">{t('admin.boardGroup')}</Label>
          <Textfield
            id="admin-board-group"
            name="boardGroup"
            value={roles.boardGroup}
            onChange={(e) => setRoles({ ...roles, boardGroup: e.target.value })}
          />
          <HelperMessage>{t('admin.rolesHelp')}</HelperMessage>
        </Stack>
        <Button isDisabled={busy} onClick={() => void save('saveRoles', roles)}>
          {t('common.save')}
        </Button>
      </Stack>

      <Stack space="space.100">
        <Heading as="h3">{t('admin.catalogue')}</Heading>
        <Label labelFor="admin-catalogue">{t('admin.catalogue')}</Label>
        <Select
          inputId="admin-catalogue"
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
        <Stack>
          <Label labelFor="admin-sync-url">{t('admin.syncUrl')}</Label>
          <Textfield
            id="admin-sync-url"
            name="syncUrl"
            value={syncUrl}
            onChange={(e) => setSyncUrl(e.target.value)}
          />
          <HelperMessage>{t('admin.syncUrlHelp')}</HelperMessage>
        </Stack>
        <Button isDisabled={busy} onClick={() => void save('saveSync', { url: syncUrl })}>
          {t('admin.saveSyncUrl')}
        </Button>
        <Text>{`${t('admin.secret')}: ${page.secretSet ? t('admin.secretSet') : t('admin.secretNotSet')}`}</Text>
        <Label labelFor="admin-secret">{t('admin.secretNew')}</Label>
        <Textfield
          id="admin-secret"
          name="secret"
          type="password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        <Button isDisabled={busy || secret.length === 0} onClick={() => void save('saveSecret', { secret })}>
          {t('admin.saveSecret')}
        </Button>
        <SyncTest locale={locale} t={t} />
      </Stack>
    </Stack>
  );
}
