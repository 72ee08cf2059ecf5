/**
 * The product's working groups, its prioritised change requests in order, and the outcomes published to the
 * user club (finding 9 of issue 14; seed 001). The secretariat composes a group from municipal members and sets
 * its convenor, who must be a member; with none, the group is convened by the secretariat. The coordination group
 * or the secretariat moves a request up or down; the others move with it. Loaded by its own call.
 */
import { useState } from 'react';
import {
  Button,
  Heading,
  Inline,
  Label,
  Lozenge,
  Select,
  Spinner,
  Stack,
  Text,
  Textfield,
  UserPicker,
} from '@forge/react';
import { useAction, useLoad } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import { formatDateTime, type Locale, type MessageKey, type Vars } from '../../i18n/index';
import type { ChangeWorkData } from '../../shared/change-work-data';

type Member = { person: { accountId: string; displayName: string }; municipality: string | null };
const NEW = '__new__';

export function WorkingGroups(props: {
  locale: Locale;
  t: (key: MessageKey, vars?: Vars) => string;
  municipalities: readonly { code: string; name: string }[];
}) {
  const { locale, t, municipalities } = props;
  const { answer, reload } = useLoad<ChangeWorkData>('changeWork', locale, true);
  const { busy, error, success, run } = useAction(locale, reload);
  const [editing, setEditing] = useState<string>(NEW);
  const [name, setName] = useState('');
  const [members, setMembers] = useState<Member[]>([]);
  const [convenor, setConvenor] = useState<string | undefined>();
  const [picked, setPicked] = useState<{ accountId: string; displayName: string } | null>(null);
  const [code, setCode] = useState<string | undefined>();

  if (!answer) return <Spinner label={t('common.loading')} />;
  if (!answer.ok) return <Feedback error={answer.error} />;
  const data = answer.data;

  const startEditing = (id: string) => {
    const g = data.groups.find((x) => x.id === id);
    setEditing(g ? g.id : NEW);
    setName(g?.name ?? '');
    setMembers(g ? g.members.map((m) => ({ person: m.person, municipality: m.municipality })) : []);
    setConvenor(g?.convenor?.accountId);
  };
  const save = () =>
    run<{ group: { id: string; name: string } }>(
      'saveWorkingGroup',
      {
        expectedRevision: data.groupsRevision,
        input: {
          ...(editing !== NEW ? { id: editing } : {}),
          name,
          members: members.map((m) => ({ person: m.person, municipality: m.municipality ?? '' })),
          ...(convenor ? { convenor } : {}),
        },
      },
      (d) => {
        // A new group is saved once: the form now edits it, so saving again changes it instead of adding another.
        setEditing(d.group.id);
        return d.group.name;
      },
    );
  const move = (issueId: string, position: number) =>
    run<{ to: number }>(
      'reorderChangeRequest',
      { expectedRevision: data.orderRevision, issueId, position },
      (d) => t('cr.place', { place: d.to, of: data.ranked.length }),
    );

  return (
    <Stack space="space.150">
      <Heading as="h2">{t('wg.heading')}</Heading>
      <Feedback error={error} success={success} />
      {data.groups.length === 0 ? <Text>{t('wg.none')}</Text> : null}
      {data.groups.map((g) => (
        <Stack key={g.id} space="space.050">
          <Inline space="space.100" alignBlock="center">
            <Heading as="h4">{g.name}</Heading>
            {g.migrated ? <Lozenge>{t('wg.migrated')}</Lozenge> : null}
          </Inline>
          <Text>
            {g.convenor ? t('wg.convenor', { name: g.convenor.displayName }) : t('wg.convenedBySecretariat')}
          </Text>
          <Text>
            {g.members.length === 0
              ? t('wg.noMembers')
              : t('wg.members', {
                  names: g.members
                    .map((m) =>
                      m.municipalityName
                        ? `${m.person.displayName} (${m.municipalityName})`
                        : m.person.displayName,
                    )
                    .join(', '),
                })}
          </Text>
        </Stack>
      ))}

      {data.can.organise ? (
        <Stack space="space.100">
          <Label labelFor="wg-group">{t('wg.editWhich')}</Label>
          <Select
            inputId="wg-group"
            name="wg-group"
            options={[
              { label: t('wg.new'), value: NEW },
              ...data.groups.map((g) => ({ label: `${t('wg.edit')}: ${g.name}`, value: g.id })),
            ]}
            onChange={(o: { value: string } | null) => startEditing(o?.value ?? NEW)}
          />
          <Label labelFor="wg-name">{t('wg.name')}</Label>
          <Textfield id="wg-name" name="wg-name" value={name} onChange={(e) => setName(e.target.value)} />
          {members.map((m) => (
            <Inline key={m.person.accountId} space="space.100" alignBlock="center">
              <Text>{`${m.person.displayName}${m.municipality ? ` (${municipalities.find((x) => x.code === m.municipality)?.name ?? m.municipality})` : ''}`}</Text>
              <Button
                appearance="subtle"
                onClick={() => {
                  setMembers(members.filter((x) => x.person.accountId !== m.person.accountId));
                  if (convenor === m.person.accountId) setConvenor(undefined);
                }}
              >
                {`${t('wg.remove')} ${m.person.displayName}`}
              </Button>
            </Inline>
          ))}
          <Inline space="space.100" alignBlock="end">
            <UserPicker
              name="wg-person"
              label={t('project.pickUser')}
              onChange={(u) => setPicked(u ? { accountId: u.id, displayName: u.name } : null)}
            />
            <Label labelFor="wg-municipality">{t('wg.municipality')}</Label>
            <Select
              inputId="wg-municipality"
              name="wg-municipality"
              placeholder={t('wg.municipality')}
              options={municipalities.map((m) => ({ label: `${m.name} (${m.code})`, value: m.code }))}
              onChange={(o: { value: string } | null) => setCode(o?.value)}
            />
            <Button
              isDisabled={!picked || !code}
              onClick={() => {
                if (!picked || !code) return;
                setMembers([
                  ...members.filter((x) => x.person.accountId !== picked.accountId),
                  { person: picked, municipality: code },
                ]);
              }}
            >
              {t('wg.addMember')}
            </Button>
          </Inline>
          <Label labelFor="wg-convenor">{t('wg.pickConvenor')}</Label>
          <Select
            inputId="wg-convenor"
            name="wg-convenor"
            placeholder={t('wg.pickConvenor')}
            isClearable
            options={members.map((m) => ({ label: m.person.displayName, value: m.person.accountId }))}
            onChange={(o: { value: string } | null) => setConvenor(o?.value)}
          />
          <Button isDisabled={busy} onClick={() => void save()}>
            {t('wg.save')}
          </Button>
        </Stack>
      ) : null}

      <Heading as="h3">{t('wg.priorities')}</Heading>
      {data.ranked.length === 0 ? <Text>{t('wg.noPriorities')}</Text> : null}
      {data.ranked.map((r) => (
        <Inline key={r.issueId} space="space.100" alignBlock="center">
          <Text>{`${r.place}. ${r.issueKey}: ${r.title}${r.workingGroup ? ` (${r.workingGroup})` : ''}`}</Text>
          {data.can.reorder && r.place > 1 ? (
            <Button isDisabled={busy} onClick={() => void move(r.issueId, r.place - 1)}>
              {`${t('wg.moveUp')} ${r.issueKey}`}
            </Button>
          ) : null}
          {data.can.reorder && r.place < data.ranked.length ? (
            <Button isDisabled={busy} onClick={() => void move(r.issueId, r.place + 1)}>
              {`${t('wg.moveDown')} ${r.issueKey}`}
            </Button>
          ) : null}
        </Inline>
      ))}

      <Heading as="h3">{t('wg.published')}</Heading>
      {data.published.length === 0 ? <Text>{t('wg.noPublished')}</Text> : null}
      {data.published.map((p) => (
        <Text key={`${p.issueKey}-${p.publishedAt}`}>
          {t('wg.publishedLine', {
            key: p.issueKey,
            title: p.workingGroup ? `${p.title} (${p.workingGroup})` : p.title,
            outcome: `${t(p.approved ? 'cr.outcome.approved' : 'cr.outcome.rejected')}${p.reason ? ` – ${p.reason}` : ''}`,
            date: formatDateTime(locale, p.publishedAt),
          })}
        </Text>
      ))}
    </Stack>
  );
}
