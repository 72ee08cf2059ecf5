/**
 * The steering and coordination groups' own decisions on the project page (issue 14 findings 2, 3 and 4): electing
 * their chair, approving the project description, choosing the project leader, and the product's development
 * frame. Shown to those who take them (a group's members, the board for the frame); the resolver and the domain
 * decide again. A group that voted gives its tally; a tie is the chair's, and the log records the casting vote.
 */
import { useState } from 'react';
import { Button, Heading, Inline, Label, Select, Stack, Text, Textfield, UserPicker } from '@forge/react';
import { formatDateTime, formatDkk, type Locale, type MessageKey, type Vars } from '../../i18n/index';
import type { ProjectPageData } from '../../shared/project-page-data';

type T = (key: MessageKey, vars?: Vars) => string;

export function GroupDecisions(props: {
  page: ProjectPageData;
  t: T;
  locale: Locale;
  busy: boolean;
  run: (functionKey: string, payload: Record<string, unknown>) => Promise<void>;
}) {
  const { page, t, locale, busy, run } = props;
  const record = page.record;
  const [group, setGroup] = useState<'steering' | 'coordination'>('steering');
  const [candidate, setCandidate] = useState<string | undefined>();
  const [yes, setYes] = useState('');
  const [no, setNo] = useState('');
  const [frame, setFrame] = useState('');
  const [leader, setLeader] = useState<{ accountId: string; displayName: string } | null>(null);
  if (!record) return null;
  const allowed = (action: string) => page.groupSteps.some((s) => s.action === action && s.allowed);
  const tally = yes !== '' && no !== '' ? { tally: { for: Number(yes), against: Number(no) } } : {};
  const transition = (action: string, input: Record<string, unknown>) =>
    run('transition', { action, expectedRevision: record.revision, input });
  const members =
    (group === 'steering' ? record.steeringGroup?.members : record.coordinationGroup?.members) ?? [];
  const canElect = allowed('electChair');
  const canDescribe = allowed('approveProjectDescription');
  const canFrame = allowed('setDevelopmentFrame');
  const f = record.developmentFrame;
  const proposal = record.steeringGroupProposal;
  const d = record.projectDescriptionApproval;
  return (
    <Stack space="space.100">
      <Heading as="h3">{t('group.title')}</Heading>
      <Text>
        {d
          ? t('group.descriptionApproved', {
              body: t(`body.${d.body}` as MessageKey),
              name: d.by.displayName,
              date: formatDateTime(locale, d.at),
            })
          : t('group.descriptionNotApproved')}
      </Text>
      {record.state === 'approved' || record.state === 'product' ? (
        <Text>
          {f
            ? t(f.boardApproval || record.level === 'N1' ? 'group.frameApproved' : 'group.framePending', {
                amount: formatDkk(locale, f.amountDkk),
                body: t(`body.${f.body}` as MessageKey),
              })
            : t('group.noFrame')}
        </Text>
      ) : null}
      {proposal ? (
        <Text>
          {t('group.proposal', {
            name: proposal.proposedBy.displayName,
            date: formatDateTime(locale, proposal.proposedAt),
            members: proposal.members.map((m) => m.person.displayName).join(', '),
          })}
        </Text>
      ) : null}
      {canElect || canDescribe || canFrame ? (
        <Inline space="space.100" alignBlock="center">
          <Label labelFor="group-tally-for">{t('group.tallyFor')}</Label>
          <Textfield
            id="group-tally-for"
            name="tallyFor"
            type="number"
            placeholder={t('group.tallyFor')}
            value={yes}
            onChange={(e) => setYes(e.target.value)}
          />
          <Label labelFor="group-tally-against">{t('group.tallyAgainst')}</Label>
          <Textfield
            id="group-tally-against"
            name="tallyAgainst"
            type="number"
            placeholder={t('group.tallyAgainst')}
            value={no}
            onChange={(e) => setNo(e.target.value)}
          />
          <Text>{t('group.tallyHelp')}</Text>
        </Inline>
      ) : null}
      {canElect ? (
        <Inline space="space.100" alignBlock="center">
          <Label labelFor="group-chair-group">{t('action.elect_chair')}</Label>
          <Select
            inputId="group-chair-group"
            name="chairGroup"
            options={(['steering', 'coordination'] as const).map((g) => ({
              label: t(`group.${g}`),
              value: g,
            }))}
            onChange={(o: { value: string } | null) =>
              setGroup(o?.value === 'coordination' ? 'coordination' : 'steering')
            }
          />
          <Label labelFor="group-chair-candidate">{t('group.candidate')}</Label>
          <Select
            inputId="group-chair-candidate"
            name="chairCandidate"
            placeholder={t('group.candidate')}
            options={members.map((m) => ({ label: m.person.displayName, value: m.person.accountId }))}
            onChange={(o: { value: string } | null) => setCandidate(o?.value)}
          />
          <Button
            isDisabled={busy || !candidate}
            onClick={() => void transition('electChair', { group, chair: candidate, ...tally })}
          >
            {t('action.elect_chair')}
          </Button>
        </Inline>
      ) : null}
      {canDescribe ? (
        <Button isDisabled={busy} onClick={() => void transition('approveProjectDescription', { ...tally })}>
          {t('action.approve_project_description')}
        </Button>
      ) : null}
      {page.can.chooseProjectLeader && record.steeringGroup?.members.length ? (
        <Inline space="space.100" alignBlock="center">
          <UserPicker
            name="leader"
            label={t('project.pickUser')}
            onChange={(u) => setLeader(u ? { accountId: u.id, displayName: u.name } : null)}
          />
          <Button
            isDisabled={busy || !leader}
            onClick={() =>
              void run('edit', {
                kind: 'setProjectLeader',
                expectedRevision: record.revision,
                input: { projectLeader: leader },
              })
            }
          >
            {t('project.setProjectLeader')}
          </Button>
        </Inline>
      ) : null}
      {canFrame ? (
        <Inline space="space.100" alignBlock="center">
          <Label labelFor="group-frame-amount">{t('group.frameAmount')}</Label>
          <Textfield
            id="group-frame-amount"
            name="frameAmount"
            type="number"
            placeholder={t('group.frameAmount')}
            value={frame}
            onChange={(e) => setFrame(e.target.value)}
          />
          <Button
            isDisabled={busy || !/^\d+$/.test(frame)}
            onClick={() => void transition('setDevelopmentFrame', { amountDkk: Number(frame), ...tally })}
          >
            {t('action.set_development_frame')}
          </Button>
        </Inline>
      ) : null}
    </Stack>
  );
}
