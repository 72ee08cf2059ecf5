/**
 * The secretariat's admission form (finding 7 of issue 14; seed 003 5.2): a product that already exists (running
 * in OS2, or built elsewhere and handed over "on the same terms") is taken in at the level and state it has,
 * with its steering and coordination groups, its municipalities and its earlier decisions as history rows. The
 * resolver's `admit` decides; a refused field shows its message under that field. N2/N3 approved projects and
 * products then wait for the board, whose confirmation is a step on the page like any other.
 */
import { useState } from 'react';
import {
  Button,
  ErrorMessage,
  Label,
  Heading,
  Inline,
  Select,
  Stack,
  Text,
  Textfield,
  UserPicker,
} from '@forge/react';
import { useAction } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import type { Locale, MessageKey, Vars } from '../../i18n/index';
import type { AppError } from '../shared/resolver';

type Person = { accountId: string; displayName: string };
type Member = { person: Person; municipality: string };
type HistoryRow = { kind: string; body: string; decidedAt: string; decidedBy: string; summary: string };

const LEVELS = ['N1', 'N2', 'N3'] as const;
const STATES = ['idea', 'concept', 'board_review', 'approved', 'product'] as const;
const KINDS = [
  'place_on_level',
  'submit_to_board',
  'approve',
  'start_implementation',
  'become_product',
  'change_level',
  'approve_steering_group',
  'appoint_steering_group',
] as const;
const BODIES = ['board', 'secretariat', 'steering_group', 'coordination_group', 'project_owner'] as const;
const EMPTY_ROW: HistoryRow = { kind: 'approve', body: 'board', decidedAt: '', decidedBy: '', summary: '' };

/** Rules of the domain that concern one part of the form, so their text is shown under that part. */
const RULE_FIELD: Record<string, string> = {
  UNKNOWN_MUNICIPALITY: 'municipalities',
  STEERING_GROUP_EMPTY: 'steeringGroup',
  STEERING_GROUP_DUPLICATE_MEMBER: 'steeringGroup',
  CHAIR_NOT_A_MEMBER: 'steeringGroup',
  STEERING_MEMBER_NOT_PARTICIPATING: 'steeringGroup',
  PROJECT_LEADER_IS_NOT_A_MEMBER: 'steeringGroup',
  IMPORTED_DECISION_IN_FUTURE: 'history',
  UNKNOWN_USER: 'steeringGroup',
};

export function Admission(props: {
  locale: Locale;
  t: (key: MessageKey, vars?: Vars) => string;
  municipalities: readonly { code: string; name: string }[];
  reload: () => void;
}) {
  const { locale, t, municipalities, reload } = props;
  const { busy, error, success, run } = useAction(locale, reload);
  const [name, setName] = useState('');
  const [level, setLevel] = useState<string>('N2');
  const [state, setState] = useState<string>('product');
  const [origin, setOrigin] = useState<string>('os2');
  const [developedBy, setDevelopedBy] = useState('');
  const [basis, setBasis] = useState('');
  const [codes, setCodes] = useState<string[]>([]);
  const [code, setCode] = useState<string | undefined>();
  const [steering, setSteering] = useState<Member[]>([]);
  const [chair, setChair] = useState<string | undefined>();
  const [coordination, setCoordination] = useState<Member[]>([]);
  const [picked, setPicked] = useState<{ steering?: Person; coordination?: Person }>({});
  const [memberCode, setMemberCode] = useState<{ steering?: string; coordination?: string }>({});
  const [history, setHistory] = useState<HistoryRow[]>([]);
  const [row, setRow] = useState<HistoryRow>(EMPTY_ROW);

  const municipalityName = (c: string) => municipalities.find((m) => m.code === c)?.name ?? c;
  const options = municipalities.map((m) => ({ label: `${m.name} (${m.code})`, value: m.code }));

  /** The messages for one field: zod issues on its path, or a rule of the domain that concerns it. */
  const under = (field: string, err: AppError | null = error) => {
    if (!err) return null;
    const messages = [
      ...(err.issues ?? []).filter((i) => i.path.join('.').startsWith(field)).map((i) => i.message),
      ...(RULE_FIELD[err.code] === field ? [err.message] : []),
    ];
    return messages.length ? (
      <Stack space="space.025">
        {messages.map((m, n) => (
          <ErrorMessage key={n}>{m}</ErrorMessage>
        ))}
      </Stack>
    ) : null;
  };
  // Errors shown under a field are not repeated at the top; anything else (who may admit, stale) is.
  const placed =
    error && (RULE_FIELD[error.code] || (error.code === 'INVALID_INPUT' && (error.issues ?? []).length > 0));

  const admit = () =>
    run(
      'admit',
      {
        input: {
          name,
          level,
          state,
          origin,
          ...(origin === 'external' && developedBy.trim() ? { developedBy } : {}),
          basis,
          municipalities: codes,
          ...(steering.length
            ? {
                steeringGroup: {
                  members: steering.map((m) => ({ person: m.person, municipality: m.municipality })),
                  ...(chair ? { chair } : {}),
                },
              }
            : {}),
          ...(coordination.length
            ? {
                coordinationGroup: {
                  members: coordination.map((m) => ({ person: m.person, municipality: m.municipality })),
                  supplierRun: false,
                },
              }
            : {}),
          history: history.map((h) => ({
            kind: h.kind,
            body: h.body,
            decidedAt: h.decidedAt,
            decidedBy: { displayName: h.decidedBy },
            summary: h.summary,
          })),
        },
      },
      () => t('adm.admitted'),
    );

  const group = (which: 'steering' | 'coordination', members: Member[], set: (m: Member[]) => void) => (
    <Stack space="space.050">
      {members.map((m) => (
        <Inline key={m.person.accountId} space="space.100" alignBlock="center">
          <Text>{`${m.person.displayName} (${municipalityName(m.municipality)})`}</Text>
          <Button
            appearance="subtle"
            onClick={() => set(members.filter((x) => x.person.accountId !== m.person.accountId))}
          >
            {`${t('wg.remove')} ${m.person.displayName}`}
          </Button>
        </Inline>
      ))}
      <Inline space="space.100" alignBlock="end">
        <UserPicker
          name={`adm-${which}-person`}
          label={t('project.pickUser')}
          onChange={(u) =>
            setPicked({ ...picked, [which]: u ? { accountId: u.id, displayName: u.name } : undefined })
          }
        />
        <Label labelFor={`adm-${which}-municipality`}>{t('wg.municipality')}</Label>
        <Select
          inputId={`adm-${which}-municipality`}
          name={`adm-${which}-municipality`}
          placeholder={t('wg.municipality')}
          options={options}
          onChange={(o: { value: string } | null) => setMemberCode({ ...memberCode, [which]: o?.value })}
        />
        <Button
          isDisabled={!picked[which] || !memberCode[which]}
          onClick={() => {
            const p = picked[which];
            const c = memberCode[which];
            if (!p || !c) return;
            set([
              ...members.filter((x) => x.person.accountId !== p.accountId),
              { person: p, municipality: c },
            ]);
          }}
        >
          {t(which === 'steering' ? 'adm.addSteering' : 'adm.addCoordination')}
        </Button>
      </Inline>
    </Stack>
  );

  return (
    <Stack space="space.150">
      <Heading as="h3">{t('adm.heading')}</Heading>
      <Text>{t('adm.intro')}</Text>
      {placed ? <Feedback error={{ code: error.code, message: t('adm.fixFields') }} /> : null}
      <Feedback error={placed ? null : error} success={success} />

      <Label labelFor="adm-name">{t('adm.name')}</Label>
      <Textfield id="adm-name" name="adm-name" value={name} onChange={(e) => setName(e.target.value)} />
      {under('name')}

      <Inline space="space.100">
        <Label labelFor="adm-level">{t('adm.level')}</Label>
        <Select
          inputId="adm-level"
          name="adm-level"
          options={LEVELS.map((l) => ({ label: t(`level.${l}`), value: l }))}
          value={{ label: t(`level.${level}` as MessageKey), value: level }}
          onChange={(o: { value: string } | null) => setLevel(o?.value ?? 'N2')}
        />
        <Label labelFor="adm-state">{t('adm.state')}</Label>
        <Select
          inputId="adm-state"
          name="adm-state"
          options={STATES.map((s) => ({ label: t(`state.${s}`), value: s }))}
          value={{ label: t(`state.${state}` as MessageKey), value: state }}
          onChange={(o: { value: string } | null) => setState(o?.value ?? 'product')}
        />
        <Label labelFor="adm-origin">{t('adm.origin')}</Label>
        <Select
          inputId="adm-origin"
          name="adm-origin"
          options={(['os2', 'external'] as const).map((o) => ({ label: t(`adm.origin.${o}`), value: o }))}
          value={{ label: t(`adm.origin.${origin}` as MessageKey), value: origin }}
          onChange={(o: { value: string } | null) => setOrigin(o?.value ?? 'os2')}
        />
      </Inline>
      {under('level')}
      {under('state')}
      {origin === 'external' ? (
        <Stack space="space.025">
          <Label labelFor="adm-developed-by">{t('adm.developedBy')}</Label>
          <Textfield
            id="adm-developed-by"
            name="adm-developed-by"
            value={developedBy}
            onChange={(e) => setDevelopedBy(e.target.value)}
          />
        </Stack>
      ) : null}
      {under('developedBy')}
      <Label labelFor="adm-basis">{t('adm.basis')}</Label>
      <Textfield id="adm-basis" name="adm-basis" value={basis} onChange={(e) => setBasis(e.target.value)} />
      {under('basis')}

      <Heading as="h4">{t('project.municipalities')}</Heading>
      <Text>{codes.length ? codes.map(municipalityName).join(', ') : t('common.none')}</Text>
      <Inline space="space.100">
        <Label labelFor="adm-municipality">{t('wg.municipality')}</Label>
        <Select
          inputId="adm-municipality"
          name="adm-municipality"
          placeholder={t('wg.municipality')}
          options={options}
          onChange={(o: { value: string } | null) => setCode(o?.value)}
        />
        <Button
          isDisabled={!code}
          onClick={() => code && !codes.includes(code) && setCodes([...codes, code])}
        >
          {t('project.addMunicipality')}
        </Button>
      </Inline>
      {under('municipalities')}

      <Heading as="h4">{t('adm.steering')}</Heading>
      {group('steering', steering, setSteering)}
      <Label labelFor="adm-steering-chair">{t('adm.chair')}</Label>
      <Select
        inputId="adm-steering-chair"
        name="adm-steering-chair"
        placeholder={t('adm.chair')}
        isClearable
        options={steering.map((m) => ({ label: m.person.displayName, value: m.person.accountId }))}
        onChange={(o: { value: string } | null) => setChair(o?.value)}
      />
      {under('steeringGroup')}

      <Heading as="h4">{t('adm.coordination')}</Heading>
      {group('coordination', coordination, setCoordination)}
      {under('coordinationGroup')}

      <Heading as="h4">{t('adm.history')}</Heading>
      {history.map((h, n) => (
        <Stack key={n} space="space.025">
          <Inline space="space.100" alignBlock="center">
            <Text>{`${h.decidedAt} – ${t(`action.${h.kind}` as MessageKey)} (${t(`body.${h.body}` as MessageKey)}), ${h.decidedBy}: ${h.summary}`}</Text>
            <Button appearance="subtle" onClick={() => setHistory(history.filter((_, i) => i !== n))}>
              {`${t('wg.remove')} ${n + 1}`}
            </Button>
          </Inline>
          {under(`history.${n}`)}
        </Stack>
      ))}
      <Inline space="space.100" alignBlock="end">
        <Label labelFor="adm-history-kind">{t('adm.historyKind')}</Label>
        <Select
          inputId="adm-history-kind"
          name="adm-history-kind"
          options={KINDS.map((k) => ({ label: t(`action.${k}`), value: k }))}
          value={{ label: t(`action.${row.kind}` as MessageKey), value: row.kind }}
          onChange={(o: { value: string } | null) => setRow({ ...row, kind: o?.value ?? 'approve' })}
        />
        <Label labelFor="adm-history-body">{t('adm.historyBody')}</Label>
        <Select
          inputId="adm-history-body"
          name="adm-history-body"
          options={BODIES.map((b) => ({ label: t(`body.${b}`), value: b }))}
          value={{ label: t(`body.${row.body}` as MessageKey), value: row.body }}
          onChange={(o: { value: string } | null) => setRow({ ...row, body: o?.value ?? 'board' })}
        />
        <Label labelFor="adm-history-date">{t('adm.historyDate')}</Label>
        <Textfield
          id="adm-history-date"
          name="adm-history-date"
          value={row.decidedAt}
          onChange={(e) => setRow({ ...row, decidedAt: e.target.value })}
        />
        <Label labelFor="adm-history-by">{t('adm.historyBy')}</Label>
        <Textfield
          id="adm-history-by"
          name="adm-history-by"
          value={row.decidedBy}
          onChange={(e) => setRow({ ...row, decidedBy: e.target.value })}
        />
        <Label labelFor="adm-history-summary">{t('adm.historySummary')}</Label>
        <Textfield
          id="adm-history-summary"
          name="adm-history-summary"
          value={row.summary}
          onChange={(e) => setRow({ ...row, summary: e.target.value })}
        />
        <Button
          onClick={() => {
            setHistory([...history, row]);
            setRow(EMPTY_ROW);
          }}
        >
          {t('adm.addHistory')}
        </Button>
      </Inline>
      {under(
        'history',
        error && (error.issues ?? []).some((i) => /^history\.\d/.test(i.path.join('.'))) ? null : error,
      )}

      <Button isDisabled={busy} onClick={() => void admit()}>
        {t('adm.submit')}
      </Button>
    </Stack>
  );
}
