/**
 * Project page "OS2 governance": level and approval state, the next steps the user may take (./Steps.tsx: one
 * primary action, a dialog per step), steering, participants, the requirement checklist by theme
 * (./Requirements.tsx: collapsible groups with counts), economy and status reports, and the decision log. Every
 * change goes through the resolver, which decides what the user may do. A refusal is shown in the section (or
 * under the field) the user acted in, not at the top of the page.
 *
 * The page is a list of sections (`sections` below): a new part of the page is its own component file and one
 * entry in that list.
 */
import { Fragment, useEffect, useState, type ReactNode } from 'react';
import {
  Button,
  DynamicTable,
  Heading,
  Inline,
  Label,
  Lozenge,
  SectionMessage,
  Select,
  Spinner,
  Stack,
  Text,
  TextArea,
  Textfield,
  Toggle,
  UserPicker,
} from '@forge/react';
import { useAction, useLoad, useLocale } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import { formatDateTime, formatDkk, type MessageKey } from '../../i18n/index';
import type { ProjectPageData } from '../../shared/project-page-data';
import { History } from './History';
import { TopVoted } from './TopVoted';
import { WorkingGroups } from './WorkingGroups';
import { Admission } from './Admission';
import { tallyText } from './tally-text';
import { CatalogueVersions } from './CatalogueVersions';
import { GroupDecisions } from './GroupDecisions';
import { Steps } from './Steps';
import { Requirements } from './Requirements';

type Member = NonNullable<NonNullable<ProjectPageData['record']>['steeringGroup']>['members'][number];

/** Where the user last acted: that section shows the outcome. */
type Section = 'register' | 'steps' | 'organisation' | 'requirements' | 'economy';

export function ProjectPage() {
  const { locale, t, ready } = useLocale();
  const { answer, reload } = useLoad<ProjectPageData>('load', locale, ready);
  const { busy, error, success, run: runAction } = useAction(locale, reload);
  const [where, setWhere] = useState<Section>('register');
  const [stepSaved, setStepSaved] = useState(false);
  const [name, setName] = useState('');
  const [addCode, setAddCode] = useState<string | undefined>();
  const [report, setReport] = useState({
    progress: '',
    rag: 'green',
    budgetDkk: '',
    spentDkk: '',
    forecastDkk: '',
  });
  const [picked, setPicked] = useState<{ accountId: string; displayName: string } | null>(null);
  const [memberCode, setMemberCode] = useState<string | undefined>();
  const [draft, setDraft] = useState<Member[] | null>(null);
  const [chair, setChair] = useState<string | undefined>();
  const [budgetAmount, setBudgetAmount] = useState('');
  const [funding, setFunding] = useState('local');
  const loaded = answer?.ok ? answer.data.record : null;
  useEffect(() => {
    setDraft(loaded?.steeringGroup?.members ?? []);
    setChair(loaded?.steeringGroup?.chair);
  }, [loaded?.revision, loaded?.project.id]);

  if (!answer) return <Spinner label={t('common.loading')} />;
  if (!answer.ok) return <Feedback error={answer.error} />;
  const page = answer.data;
  const record = page.record;

  async function run(section: Section, functionKey: string, payload: Record<string, unknown>) {
    setWhere(section);
    setStepSaved(false);
    await runAction(functionKey, payload, () => t('common.saved'));
  }
  const edit = (kind: string, input: Record<string, unknown>, section: Section = 'organisation') =>
    run(section, 'edit', { kind, expectedRevision: record?.revision ?? 0, input });
  /** The outcome of the user's last action, in the section they acted in. */
  const outcome = (section: Section) =>
    where === section ? <Feedback error={error} success={success} /> : null;

  const header = (
    <Stack space="space.100">
      <Heading as="h2">{record ? record.name : t('project.title')}</Heading>
      <Text>
        {page.actor.roles.length
          ? t('project.yourRoles', {
              roles: page.actor.roles.map((r) => t(`role.${r}` as MessageKey)).join(', '),
            })
          : t('project.noRoles')}
      </Text>
    </Stack>
  );

  if (!record) {
    return (
      <Stack space="space.200">
        {header}
        <Text>{t('project.notGoverned')}</Text>
        {page.can.register ? (
          <Stack space="space.050">
            <Label labelFor="register-name">{t('project.registerNameLabel')}</Label>
            <Inline space="space.100">
              <Textfield
                id="register-name"
                name="name"
                placeholder={t('project.registerName')}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
              <Button
                appearance="primary"
                isDisabled={busy || !name.trim()}
                onClick={() => void run('register', 'register', { name })}
              >
                {t('project.register')}
              </Button>
            </Inline>
          </Stack>
        ) : null}
        {outcome('register')}
        {page.can.admit ? (
          <Admission locale={locale} t={t} municipalities={page.municipalities} reload={reload} />
        ) : null}
      </Stack>
    );
  }

  const person = (p?: { displayName: string } | null) => p?.displayName ?? t('common.none');
  const participating = new Set(record.municipalities.map((m) => m.code));
  // The board appoints (N3) or changes a running group through the same editor the project uses to propose one.
  const canAppoint = page.steps.some((s) => s.action === 'appointSteeringGroup' && s.allowed);
  const coordination = record.coordinationGroup;
  const saveCoordination = (changes: {
    members?: NonNullable<typeof coordination>['members'];
    chair?: string;
    supplierRun?: boolean;
  }) => {
    const members = (changes.members ?? coordination?.members ?? []).map((m) => ({
      person: m.person,
      ...(m.municipality ? { municipality: m.municipality } : {}),
    }));
    const chairId = 'chair' in changes ? changes.chair : coordination?.chair;
    edit('setCoordinationGroup', {
      members,
      ...(chairId && members.some((m) => m.person.accountId === chairId) ? { chair: chairId } : {}),
      supplierRun: changes.supplierRun ?? coordination?.supplierRun ?? false,
    });
  };

  // The page, top to bottom. A new part is its own component file and one entry here.
  const sections: { key: string; node: ReactNode }[] = [
    {
      key: 'status',
      node: (
        <Stack space="space.100">
          <Inline space="space.100" alignBlock="center">
            <Text>{t('project.level')}:</Text>
            <Lozenge appearance="new" isBold>
              {t(`level.${record.level}` as MessageKey)}
            </Lozenge>
            <Text>{t('project.state')}:</Text>
            <Lozenge
              appearance={
                record.state === 'product'
                  ? 'success'
                  : record.state === 'retired' || record.state === 'rejected'
                    ? 'removed'
                    : 'inprogress'
              }
            >
              {t(`state.${record.state}` as MessageKey)}
            </Lozenge>
          </Inline>
          {record.admission?.boardConfirmation === 'pending' ? (
            <Text>
              {t('project.admissionPending', { date: formatDateTime(locale, record.admission.admittedAt) })}
            </Text>
          ) : null}
          {page.violations.length ? (
            <SectionMessage appearance="warning" title={t('project.violations')}>
              {page.violations.map((v) => (
                <Text key={v.code}>{v.message}</Text>
              ))}
            </SectionMessage>
          ) : null}
        </Stack>
      ),
    },
    {
      key: 'steps',
      node: (
        <Stack space="space.050">
          <Steps
            steps={page.steps}
            locale={locale}
            t={t}
            record={record}
            steering={{ members: draft ?? [], ...(chair ? { chair } : {}) }}
            reload={reload}
            onDone={() => {
              setWhere('steps');
              setStepSaved(true);
              reload();
            }}
          />
          {where === 'steps' && stepSaved ? <Feedback success={t('common.saved')} /> : null}
        </Stack>
      ),
    },
    {
      key: 'organisation',
      node: (
        <Stack space="space.100">
          {outcome('organisation')}
          <Heading as="h3">
            {record.steeringGroup ? t('project.steering') : t('project.projectOwner')}
          </Heading>
          {record.steeringGroup ? (
            <Stack space="space.050">
              {record.steeringGroup.members.map((m) => (
                <Text key={m.person.accountId}>
                  {`${m.person.displayName}${m.person.accountId === record.steeringGroup?.chair ? ` (${t('project.chair')})` : ''}${
                    m.boardMember ? ` – ${t('project.boardMember')}` : ''
                  }`}
                </Text>
              ))}
              {record.steeringGroup.appointedByBoard ? <Text>{t('project.appointedByBoard')}</Text> : null}
              {record.steeringGroup.approvedByBoardAt ? (
                <Text>
                  {t('project.approvedByBoard', {
                    date: formatDateTime(locale, record.steeringGroup.approvedByBoardAt),
                  })}
                </Text>
              ) : null}
            </Stack>
          ) : (
            <Text>{person(record.projectOwner)}</Text>
          )}
          <Text>{`${t('project.projectLeader')}: ${person(record.projectLeader)}`}</Text>
          <Text>
            {`${t('project.coordinationGroup')}: ${
              record.coordinationGroup?.members.map((m) => m.person.displayName).join(', ') ||
              t('common.none')
            }`}
          </Text>
          <Text>
            {`${t('project.municipalities')}: ${record.municipalities.map((m) => m.name).join(', ') || t('common.none')}`}
          </Text>
          {page.can.editOrganisation || canAppoint || page.can.proposeSteeringChange ? (
            <Stack space="space.100">
              <Heading as="h4">{t('project.editDetails')}</Heading>
              {page.can.editOrganisation ? (
                <>
                  <Label labelFor="org-municipality">{t('project.addMunicipality')}</Label>
                  <Inline space="space.100" alignBlock="center">
                    <Select
                      inputId="org-municipality"
                      name="municipality"
                      options={page.municipalities
                        .filter((m) => !participating.has(m.code))
                        .map((m) => ({ label: `${m.name} (${m.code})`, value: m.code }))}
                      onChange={(o: { value: string } | null) => setAddCode(o?.value)}
                    />
                    <Button
                      isDisabled={busy || !addCode}
                      onClick={() =>
                        edit('setMunicipalities', {
                          codes: [...record.municipalities.map((m) => m.code), addCode],
                        })
                      }
                    >
                      {t('project.addMunicipality')}
                    </Button>
                  </Inline>
                  <Inline space="space.100">
                    {record.municipalities.map((m) => (
                      <Button
                        key={m.code}
                        isDisabled={busy}
                        onClick={() =>
                          edit('setMunicipalities', {
                            codes: record.municipalities.filter((x) => x.code !== m.code).map((x) => x.code),
                          })
                        }
                      >
                        {t('project.removeMunicipality', { name: m.name })}
                      </Button>
                    ))}
                  </Inline>
                </>
              ) : null}
              <UserPicker
                name="person"
                label={t('project.pickUser')}
                onChange={(u) => setPicked(u ? { accountId: u.id, displayName: u.name } : null)}
              />
              {page.can.editOrganisation && page.can.chooseProjectLeader ? (
                <Button
                  isDisabled={busy || !picked}
                  onClick={() => edit('setProjectLeader', { projectLeader: picked })}
                >
                  {t('project.setProjectLeader')}
                </Button>
              ) : null}
              <Heading as="h4">{t('project.steering')}</Heading>
              {(draft ?? []).map((m) => (
                <Inline key={m.person.accountId} space="space.100" alignBlock="center">
                  <Text>{`${m.person.displayName} (${m.municipality})${m.person.accountId === chair ? ` – ${t('project.chair')}` : ''}`}</Text>
                  <Button
                    onClick={() => {
                      setDraft((draft ?? []).filter((x) => x.person.accountId !== m.person.accountId));
                      if (chair === m.person.accountId) setChair(undefined);
                    }}
                  >
                    {t('project.removeMember', { name: m.person.displayName })}
                  </Button>
                </Inline>
              ))}
              <Label labelFor="steering-municipality">{t('project.memberMunicipality')}</Label>
              <Inline space="space.100" alignBlock="center">
                <Select
                  inputId="steering-municipality"
                  name="memberMunicipality"
                  options={record.municipalities.map((m) => ({ label: m.name, value: m.code }))}
                  onChange={(o: { value: string } | null) => setMemberCode(o?.value)}
                />
                <Text>{t('project.boardFromJira')}</Text>
                <Button
                  isDisabled={!picked || !memberCode}
                  onClick={() => {
                    if (!picked || !memberCode) return;
                    setDraft([
                      ...(draft ?? []).filter((x) => x.person.accountId !== picked.accountId),
                      { person: picked, municipality: memberCode, boardMember: false },
                    ]);
                  }}
                >
                  {t('project.addMember')}
                </Button>
              </Inline>
              {page.can.editOrganisation || page.can.proposeSteeringChange ? (
                <Button
                  isDisabled={busy}
                  onClick={() =>
                    edit('setSteeringGroup', { members: draft ?? [], ...(chair ? { chair } : {}) })
                  }
                >
                  {t('project.saveSteering')}
                </Button>
              ) : null}
              {canAppoint ? <Text>{t('project.appointWithEditor')}</Text> : null}
              {page.can.editOrganisation && record.level === 'N1' ? (
                <Button
                  isDisabled={busy || !picked}
                  onClick={() => edit('setProjectOwner', { projectOwner: picked })}
                >
                  {t('project.setProjectOwner')}
                </Button>
              ) : null}
              <Heading as="h4">{t('project.coordinationGroup')}</Heading>
              {(coordination?.members ?? []).map((m) => (
                <Inline key={m.person.accountId} space="space.100" alignBlock="center">
                  <Text>{`${m.person.displayName}${m.person.accountId === coordination?.chair ? ` – ${t('project.chair')}` : ''}${m.boardMember ? ` – ${t('project.boardMember')}` : ''}`}</Text>
                  <Button
                    isDisabled={busy}
                    onClick={() =>
                      saveCoordination({
                        members: (coordination?.members ?? []).filter(
                          (x) => x.person.accountId !== m.person.accountId,
                        ),
                      })
                    }
                  >
                    {t('project.removeCoordinationMember', { name: m.person.displayName })}
                  </Button>
                </Inline>
              ))}
              <Inline space="space.100" alignBlock="center">
                <Toggle
                  id="supplierRun"
                  label={t('project.supplierRun')}
                  isChecked={coordination?.supplierRun ?? false}
                  onChange={() => saveCoordination({ supplierRun: !(coordination?.supplierRun ?? false) })}
                />
                <Label labelFor="supplierRun">{t('project.supplierRun')}</Label>
              </Inline>
              <Button
                isDisabled={busy || !picked}
                onClick={() => {
                  if (!picked) return;
                  saveCoordination({
                    members: [
                      ...(coordination?.members ?? []).filter((m) => m.person.accountId !== picked.accountId),
                      {
                        person: picked,
                        ...(memberCode ? { municipality: memberCode } : {}),
                        boardMember: false,
                      },
                    ],
                  });
                }}
              >
                {t('project.addCoordinationMember')}
              </Button>
            </Stack>
          ) : null}
        </Stack>
      ),
    },
    {
      key: 'requirements',
      node: (
        <Stack space="space.050">
          <Requirements
            groups={page.requirements}
            level={record.level}
            locale={locale}
            t={t}
            canAnswer={page.can.answerRequirements}
            busy={busy}
            error={where === 'requirements' ? error : null}
            answer={(input) => edit('answerRequirement', input, 'requirements')}
          />
          {where === 'requirements' && success ? <Feedback success={success} /> : null}
        </Stack>
      ),
    },
    {
      key: 'economy',
      node: (
        <Stack space="space.100">
          {outcome('economy')}
          <Heading as="h3">{t('project.economy')}</Heading>
          {record.budget ? (
            <Text>
              {t('project.budgetBaseline', {
                amount: formatDkk(locale, record.budget.amountDkk),
                funding: t(record.budget.funding === 'os2' ? 'project.fundingOs2' : 'project.fundingLocal'),
              })}
            </Text>
          ) : (
            <Text>{t('project.noBudget')}</Text>
          )}
          {record.budget ? (
            <Text>
              {[
                record.budget.steeringApproval
                  ? t('project.budgetApprovedBySteering', {
                      name: record.budget.steeringApproval.by.displayName,
                    })
                  : t('project.budgetAwaitsSteering'),
                record.level === 'N1'
                  ? ''
                  : record.budget.boardApproval
                    ? t('project.budgetApprovedByBoard', { name: record.budget.boardApproval.by.displayName })
                    : t('project.budgetAwaitsBoard'),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          ) : null}
          {page.can.editOrganisation ? (
            <Inline space="space.100" alignBlock="end">
              <Stack>
                <Label labelFor="budget-amount">{t('project.budgetAmountLabel')}</Label>
                <Textfield
                  id="budget-amount"
                  name="budgetAmount"
                  value={budgetAmount}
                  onChange={(e) => setBudgetAmount(e.target.value)}
                />
              </Stack>
              <Stack>
                <Label labelFor="budget-funding">{t('project.fundingLabel')}</Label>
                <Select
                  inputId="budget-funding"
                  name="funding"
                  options={[
                    { label: t('project.fundingLocal'), value: 'local' },
                    { label: t('project.fundingOs2'), value: 'os2' },
                  ]}
                  onChange={(o: { value: string } | null) => setFunding(o?.value ?? 'local')}
                />
              </Stack>
              <Button
                isDisabled={busy || !/^\d+$/.test(budgetAmount)}
                onClick={() => edit('proposeBudget', { amountDkk: Number(budgetAmount), funding }, 'economy')}
              >
                {t('project.proposeBudget')}
              </Button>
            </Inline>
          ) : null}
          <Heading as="h3">{t('project.statusReports')}</Heading>
          {page.reporting?.required ? (
            <Text>
              {t(page.reporting.overdue ? 'project.reporting.overdue' : 'project.reporting.due', {
                date: page.reporting.dueDate ?? '',
                days: page.reporting.cadenceDays,
              })}
            </Text>
          ) : null}
          {page.reporting?.stale ? (
            <Lozenge appearance="moved">
              {t('project.reporting.stale', { date: page.reporting.lastReport ?? '' })}
            </Lozenge>
          ) : null}
          {page.reporting?.overrun ? (
            <Lozenge appearance="removed">
              {t('project.reporting.overrun', { amount: formatDkk(locale, page.reporting.overrunDkk) })}
            </Lozenge>
          ) : null}
          {record.statusReports.length === 0 ? <Text>{t('project.noStatusReports')}</Text> : null}
          {record.statusReports.length > 0 ? (
            <DynamicTable
              head={{
                cells: [
                  { key: 'date', content: t('project.decision.when') },
                  { key: 'rag', content: t('project.rag') },
                  { key: 'progress', content: t('project.progress') },
                  { key: 'budget', content: t('project.budget') },
                  { key: 'spent', content: t('project.spent') },
                  { key: 'forecast', content: t('project.forecast') },
                ],
              }}
              rows={[...record.statusReports].reverse().map((s, i) => ({
                key: `${s.date}-${i}`,
                cells: [
                  { key: 'date', content: s.date },
                  { key: 'rag', content: t(`rag.${s.rag}` as MessageKey) },
                  { key: 'progress', content: s.progress },
                  { key: 'budget', content: formatDkk(locale, s.budgetDkk) },
                  { key: 'spent', content: formatDkk(locale, s.spentDkk) },
                  { key: 'forecast', content: formatDkk(locale, s.forecastDkk) },
                ],
              }))}
            />
          ) : null}
          {page.can.fileStatusReport ? (
            <Stack space="space.050">
              <Label labelFor="report-progress">{t('project.progress')}</Label>
              <TextArea
                id="report-progress"
                name="progress"
                value={report.progress}
                onChange={(e) => setReport({ ...report, progress: e.target.value })}
              />
              <Label labelFor="report-rag">{t('project.ragLabel')}</Label>
              <Select
                inputId="report-rag"
                name="rag"
                options={(['green', 'amber', 'red'] as const).map((r) => ({
                  label: t(`rag.${r}`),
                  value: r,
                }))}
                onChange={(o: { value: string } | null) => setReport({ ...report, rag: o?.value ?? 'green' })}
              />
              {(['budgetDkk', 'spentDkk', 'forecastDkk'] as const).map((f) => (
                <Stack key={f}>
                  <Label labelFor={`report-${f}`}>
                    {t(
                      f === 'budgetDkk'
                        ? 'project.budget'
                        : f === 'spentDkk'
                          ? 'project.spent'
                          : 'project.forecast',
                    )}
                  </Label>
                  <Textfield
                    id={`report-${f}`}
                    name={f}
                    type="number"
                    value={report[f]}
                    onChange={(e) => setReport({ ...report, [f]: e.target.value })}
                  />
                </Stack>
              ))}
              <Button
                isDisabled={busy}
                onClick={() =>
                  edit(
                    'fileStatusReport',
                    {
                      progress: report.progress,
                      rag: report.rag,
                      budgetDkk: Number(report.budgetDkk || 0),
                      spentDkk: Number(report.spentDkk || 0),
                      forecastDkk: Number(report.forecastDkk || 0),
                    },
                    'economy',
                  )
                }
              >
                {t('project.fileStatusReport')}
              </Button>
            </Stack>
          ) : null}
        </Stack>
      ),
    },
    {
      key: 'decisions',
      node: (
        <>
          <Stack space="space.100">
            <Heading as="h3">{t('project.decisions')}</Heading>
            {page.decisions.length === 0 ? (
              <Text>{t('project.noDecisions')}</Text>
            ) : (
              <DynamicTable
                head={{
                  cells: [
                    { key: 'when', content: t('project.decision.when') },
                    { key: 'body', content: t('project.decision.body') },
                    { key: 'who', content: t('project.decision.who') },
                    { key: 'what', content: t('project.decision.what') },
                    { key: 'basis', content: t('project.decision.basis') },
                  ],
                }}
                rows={page.decisions.map((d) => ({
                  key: d.id,
                  cells: [
                    { key: 'when', content: formatDateTime(locale, d.decidedAt) },
                    { key: 'body', content: t(`body.${d.body}` as MessageKey) },
                    { key: 'who', content: d.decidedBy.displayName },
                    { key: 'what', content: `${t(`action.${d.kind}` as MessageKey)}: ${d.summary}` },
                    {
                      key: 'basis',
                      content: `${d.basis}${tallyText(t, d)}${
                        d.openRequirements.length
                          ? ` (${t('project.decision.openCount', { count: d.openRequirements.length })})`
                          : ''
                      }`,
                    },
                  ],
                }))}
              />
            )}
          </Stack>
        </>
      ),
    },
    {
      key: 'group-decisions',
      node: (
        <GroupDecisions
          page={page}
          t={t}
          locale={locale}
          busy={busy}
          run={(k, p) => run('organisation', k, p)}
        />
      ),
    },
    { key: 'top-voted', node: <TopVoted locale={locale} t={t} /> },
    { key: 'catalogue', node: <CatalogueVersions locale={locale} t={t} onChanged={reload} /> },
    {
      key: 'working-groups',
      node: <WorkingGroups locale={locale} t={t} municipalities={page.municipalities} />,
    },
    { key: 'history', node: <History locale={locale} t={t} /> },
  ];

  return (
    <Stack space="space.300">
      {header}
      {sections.map((section) => (
        <Fragment key={section.key}>{section.node}</Fragment>
      ))}
    </Stack>
  );
}
