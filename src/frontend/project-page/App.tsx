/**
 * Project page "OS2 governance": level and approval state, the next steps the user may take (refused steps show
 * their rule), steering, participants, the requirement checklist by theme, status reports and the decision log.
 * Every change goes through the resolver, which decides what the user may do.
 */
import { useEffect, useState } from 'react';
import {
  Box,
  Button,
  DynamicTable,
  Heading,
  Inline,
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
import type { ProjectPageData } from '../../resolvers/project-page';
import { History } from './History';
import { TopVoted } from './TopVoted';
import { GroupDecisions } from './GroupDecisions';

type Step = ProjectPageData['steps'][number];
type Req = ProjectPageData['requirements'][number]['items'][number];
type Member = NonNullable<NonNullable<ProjectPageData['record']>['steeringGroup']>['members'][number];

const ACTION_LABEL: Record<Step['action'], MessageKey> = {
  placeOnLevel: 'action.place_on_level',
  submitToBoard: 'action.submit_to_board',
  recommendToBoard: 'action.recommend',
  startImplementation: 'action.start_implementation',
  approve: 'action.approve',
  sendBack: 'action.send_back',
  loopBack: 'action.loop_back',
  becomeProduct: 'action.become_product',
  retire: 'action.retire',
  reject: 'action.reject',
  changeLevel: 'action.change_level',
  approveSteeringGroup: 'action.approve_steering_group',
  appointSteeringGroup: 'action.appoint_steering_group',
  confirmAdmission: 'action.confirm_admission',
  approveBudget: 'action.approve_budget',
  electChair: 'action.elect_chair',
  approveProjectDescription: 'action.approve_project_description',
  setDevelopmentFrame: 'action.set_development_frame',
};

/** Which input each step takes: a level, a reason (required by the domain), or a basis. */
function inputFor(
  step: Step,
  text: string,
  level: string,
  steering: { members: Member[]; chair?: string },
): Record<string, unknown> {
  switch (step.action) {
    case 'approve':
    case 'confirmAdmission':
      return { basis: text, approveSteeringGroup: step.approvesSteeringGroup === true };
    case 'appointSteeringGroup':
      // The board appoints the group as composed in the steering-group editor below (finding 2: it used to send
      // only the basis and was always refused). Board membership is Jira's, so no flag is sent.
      return {
        basis: text,
        steeringGroup: {
          members: steering.members.map((m) => ({ person: m.person, municipality: m.municipality })),
          ...(steering.chair ? { chair: steering.chair } : {}),
        },
      };
    case 'placeOnLevel':
      return { level, basis: text };
    case 'changeLevel':
      return { level, reason: text };
    case 'sendBack':
    case 'loopBack':
    case 'retire':
    case 'reject':
      return { reason: text };
    default:
      return { basis: text };
  }
}

export function ProjectPage() {
  const { locale, t, ready } = useLocale();
  const { answer, reload } = useLoad<ProjectPageData>('load', locale, ready);
  const { busy, error, success, run: runAction } = useAction(locale, reload);
  const [basis, setBasis] = useState('');
  // Undefined until the user picks one: the form then offers the record's own level.
  const [pickedLevel, setLevel] = useState<string | undefined>();
  const [name, setName] = useState('');
  const [explanations, setExplanations] = useState<Record<string, string>>({});
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

  async function run(functionKey: string, payload: Record<string, unknown>, done?: string) {
    if (await runAction(functionKey, payload, () => done ?? t('common.saved'))) setBasis('');
  }
  const edit = (kind: string, input: Record<string, unknown>) =>
    run('edit', { kind, expectedRevision: record?.revision ?? 0, input });

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
      <Feedback error={error} success={success} />
    </Stack>
  );

  if (!record) {
    return (
      <Stack space="space.200">
        {header}
        <Text>{t('project.notGoverned')}</Text>
        {page.can.register ? (
          <Inline space="space.100">
            <Textfield
              name="name"
              placeholder={t('project.registerName')}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <Button
              appearance="primary"
              isDisabled={busy || !name.trim()}
              onClick={() => run('register', { name })}
            >
              {t('project.register')}
            </Button>
          </Inline>
        ) : null}
      </Stack>
    );
  }

  const person = (p?: { displayName: string } | null) => p?.displayName ?? t('common.none');
  const level = pickedLevel ?? record?.level ?? 'N1';
  const levelOptions = ['N1', 'N2', 'N3'].map((l) => ({ label: t(`level.${l}` as MessageKey), value: l }));
  const needsLevel = page.steps.some(
    (s) => s.allowed && (s.action === 'placeOnLevel' || s.action === 'changeLevel'),
  );
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

  return (
    <Stack space="space.300">
      {header}
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
        <Text>{t('project.revision', { revision: record.revision })}</Text>
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

      <Stack space="space.100">
        <Heading as="h3">{t('project.nextSteps')}</Heading>
        {page.steps.some((s) => s.allowed) ? (
          <Stack space="space.100">
            <TextArea
              name="basis"
              placeholder={t('common.reason')}
              value={basis}
              onChange={(e) => setBasis(e.target.value)}
            />
            {needsLevel ? (
              <Select
                name="level"
                options={levelOptions}
                value={levelOptions.find((o) => o.value === level)}
                onChange={(o: { value: string } | null) => setLevel(o?.value ?? 'N1')}
              />
            ) : null}
          </Stack>
        ) : (
          <Text>{t('project.noSteps')}</Text>
        )}
        {page.steps.map((step) =>
          step.allowed ? (
            <Inline key={step.action} space="space.100" alignBlock="center">
              <Button
                appearance="primary"
                isDisabled={busy}
                onClick={() =>
                  run('transition', {
                    action: step.action,
                    expectedRevision: record.revision,
                    input: inputFor(step, basis, level, {
                      members: draft ?? [],
                      ...(chair ? { chair } : {}),
                    }),
                  })
                }
              >
                {t(ACTION_LABEL[step.action])}
              </Button>
              {step.approvesSteeringGroup ? <Text>{t('project.approveIncludesSteering')}</Text> : null}
            </Inline>
          ) : (
            <Inline key={step.action} space="space.100" alignBlock="center">
              <Button isDisabled>{t(ACTION_LABEL[step.action])}</Button>
              <Text>{t('common.notAllowedFor', { rule: step.rule?.message ?? '' })}</Text>
            </Inline>
          ),
        )}
      </Stack>

      <Stack space="space.100">
        <Heading as="h3">{record.steeringGroup ? t('project.steering') : t('project.projectOwner')}</Heading>
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
            record.coordinationGroup?.members.map((m) => m.person.displayName).join(', ') || t('common.none')
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
                <Inline space="space.100" alignBlock="center">
                  <Select
                    name="municipality"
                    placeholder={t('project.addMunicipality')}
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
            <Inline space="space.100" alignBlock="center">
              <Select
                name="memberMunicipality"
                placeholder={t('project.memberMunicipality')}
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
                isChecked={coordination?.supplierRun ?? false}
                onChange={() => saveCoordination({ supplierRun: !(coordination?.supplierRun ?? false) })}
              />
              <Text>{t('project.supplierRun')}</Text>
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

      <Stack space="space.100">
        <Heading as="h3">{t('project.requirements', { level: record.level })}</Heading>
        {page.requirements.map((group) => (
          <Box key={group.theme}>
            <Heading as="h4">{t(`theme.${group.theme}` as MessageKey)}</Heading>
            <DynamicTable
              head={{
                cells: [
                  { key: 'req', content: '' },
                  { key: 'status', content: '' },
                  { key: 'who', content: '' },
                  { key: 'act', content: '' },
                ],
              }}
              rows={group.items.map((r: Req) => ({
                key: r.id,
                cells: [
                  { key: 'req', content: <Text>{`${r.id}: ${r.text}`}</Text> },
                  {
                    key: 'status',
                    content: (
                      <Lozenge
                        appearance={
                          r.status === 'met' ? 'success' : r.status === 'explained' ? 'inprogress' : 'default'
                        }
                      >
                        {t(`project.requirement.${r.status}` as MessageKey)}
                      </Lozenge>
                    ),
                  },
                  {
                    key: 'who',
                    content: (
                      <Text>
                        {r.checked && r.status !== 'explained'
                          ? t('project.requirement.checked')
                          : r.answer.status === 'open'
                            ? ''
                            : `${t('project.requirement.answeredBy', { name: r.answer.by.displayName, date: formatDateTime(locale, r.answer.at) })}${
                                r.answer.status === 'explained' ? ` – ${r.answer.explanation}` : ''
                              }`}
                      </Text>
                    ),
                  },
                  {
                    key: 'act',
                    content: page.can.answerRequirements ? (
                      <Stack space="space.050">
                        {r.checked ? null : (
                          <Button
                            isDisabled={busy}
                            onClick={() => edit('answerRequirement', { requirementId: r.id, status: 'met' })}
                          >
                            {t('project.requirement.markMet')}
                          </Button>
                        )}
                        <Textfield
                          name={`explain-${r.id}`}
                          placeholder={t('project.requirement.explanation')}
                          value={explanations[r.id] ?? ''}
                          onChange={(e) => setExplanations({ ...explanations, [r.id]: e.target.value })}
                        />
                        <Button
                          isDisabled={busy}
                          onClick={() =>
                            edit('answerRequirement', {
                              requirementId: r.id,
                              status: 'explained',
                              explanation: explanations[r.id] ?? '',
                            })
                          }
                        >
                          {t('project.requirement.explain')}
                        </Button>
                      </Stack>
                    ) : (
                      <Text>{''}</Text>
                    ),
                  },
                ],
              }))}
            />
            {group.permissions.map((p) => (
              <Text key={p.id}>{t('project.requirement.permission', { id: p.id, text: p.text })}</Text>
            ))}
          </Box>
        ))}
      </Stack>

      <Stack space="space.100">
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
          <Inline space="space.100" alignBlock="center">
            <Textfield
              name="budgetAmount"
              placeholder={t('project.budget')}
              value={budgetAmount}
              onChange={(e) => setBudgetAmount(e.target.value)}
            />
            <Select
              name="funding"
              options={[
                { label: t('project.fundingLocal'), value: 'local' },
                { label: t('project.fundingOs2'), value: 'os2' },
              ]}
              onChange={(o: { value: string } | null) => setFunding(o?.value ?? 'local')}
            />
            <Button
              isDisabled={busy || !/^\d+$/.test(budgetAmount)}
              onClick={() => edit('proposeBudget', { amountDkk: Number(budgetAmount), funding })}
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
            <TextArea
              name="progress"
              placeholder={t('project.progress')}
              value={report.progress}
              onChange={(e) => setReport({ ...report, progress: e.target.value })}
            />
            <Select
              name="rag"
              options={(['green', 'amber', 'red'] as const).map((r) => ({ label: t(`rag.${r}`), value: r }))}
              onChange={(o: { value: string } | null) => setReport({ ...report, rag: o?.value ?? 'green' })}
            />
            {(['budgetDkk', 'spentDkk', 'forecastDkk'] as const).map((f) => (
              <Textfield
                key={f}
                name={f}
                type="number"
                placeholder={t(
                  f === 'budgetDkk'
                    ? 'project.budget'
                    : f === 'spentDkk'
                      ? 'project.spent'
                      : 'project.forecast',
                )}
                value={report[f]}
                onChange={(e) => setReport({ ...report, [f]: e.target.value })}
              />
            ))}
            <Button
              isDisabled={busy}
              onClick={() =>
                edit('fileStatusReport', {
                  progress: report.progress,
                  rag: report.rag,
                  budgetDkk: Number(report.budgetDkk || 0),
                  spentDkk: Number(report.spentDkk || 0),
                  forecastDkk: Number(report.forecastDkk || 0),
                })
              }
            >
              {t('project.fileStatusReport')}
            </Button>
          </Stack>
        ) : null}
      </Stack>

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
                  content: `${d.basis}${
                    d.openRequirements.length
                      ? ` (${t('project.decision.openRequirements', { ids: d.openRequirements.join(', ') })})`
                      : ''
                  }`,
                },
              ],
            }))}
          />
        )}
      </Stack>

      <GroupDecisions page={page} t={t} locale={locale} busy={busy} run={(k, p) => run(k, p)} />
      {record ? <TopVoted locale={locale} t={t} /> : null}

      {record ? <History locale={locale} t={t} /> : null}
    </Stack>
  );
}
