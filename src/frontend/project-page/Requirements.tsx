/**
 * The requirement checklist by theme (issue 17 item 11): one collapsible group per theme whose toggle says how
 * many are met, explained and open, so the page is not ~40 rows long; no catalogue ids (internal, e.g.
 * `N1-FORMAL-SOURCE-SHARED`) are shown. A project admin marks a requirement met or explains it in a labelled field.
 */
import { useState } from 'react';
import {
  Button,
  DynamicTable,
  ErrorMessage,
  Heading,
  Label,
  Lozenge,
  Stack,
  Text,
  Textfield,
} from '@forge/react';
import { formatDateTime, type Locale, type MessageKey, type Vars } from '../../i18n/index';
import type { AppError } from '../shared/resolver';
import type { ProjectPageData } from '../../shared/project-page-data';

type Group = ProjectPageData['requirements'][number];
type Req = Group['items'][number];
type T = (key: MessageKey, vars?: Vars) => string;

export function groupSummary(t: T, group: Group): string {
  const count = (s: Req['status']) => group.items.filter((r) => r.status === s).length;
  return t('project.requirementGroup', {
    theme: t(`theme.${group.theme}` as MessageKey),
    met: count('met'),
    explained: count('explained'),
    open: count('open'),
    total: group.items.length,
  });
}

export function Requirements(props: {
  groups: Group[];
  level: string;
  locale: Locale;
  t: T;
  canAnswer: boolean;
  busy: boolean;
  /** The last failed answer, shown under the requirement it was about. */
  error: AppError | null;
  answer: (input: { requirementId: string; status: 'met' | 'explained'; explanation?: string }) => void;
}) {
  const { t, locale } = props;
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const [explanations, setExplanations] = useState<Record<string, string>>({});
  const [lastTried, setLastTried] = useState<string | null>(null);
  const answer = (input: Parameters<typeof props.answer>[0]) => {
    setLastTried(input.requirementId);
    props.answer(input);
  };

  return (
    <Stack space="space.100">
      <Heading as="h3">{t('project.requirements', { level: props.level })}</Heading>
      {props.groups.map((group) => {
        const isOpen = open[group.theme] === true;
        const theme = t(`theme.${group.theme}` as MessageKey);
        return (
          <Stack key={group.theme} space="space.050">
            <Button
              appearance="subtle"
              iconBefore={isOpen ? 'chevron-down' : 'chevron-right'}
              onClick={() => setOpen({ ...open, [group.theme]: !isOpen })}
            >
              {groupSummary(t, group)}
            </Button>
            {isOpen ? (
              <Stack space="space.050">
                <DynamicTable
                  label={theme}
                  rows={group.items.map((r: Req, n) => ({
                    key: r.id,
                    cells: [
                      { key: 'req', content: <Text>{r.text}</Text> },
                      {
                        key: 'status',
                        content: (
                          <Lozenge
                            appearance={
                              r.status === 'met'
                                ? 'success'
                                : r.status === 'explained'
                                  ? 'inprogress'
                                  : 'default'
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
                                    r.answer.catalogueVersion !== undefined
                                      ? `, ${t('project.requirement.atVersion', { version: r.answer.catalogueVersion })}`
                                      : ''
                                  }${r.answer.status === 'explained' ? ` – ${r.answer.explanation}` : ''}`}
                          </Text>
                        ),
                      },
                      {
                        key: 'act',
                        content: props.canAnswer ? (
                          <Stack space="space.050">
                            {r.checked ? null : (
                              <Button
                                isDisabled={props.busy}
                                onClick={() => answer({ requirementId: r.id, status: 'met' })}
                              >
                                {t('project.requirement.markMet')}
                              </Button>
                            )}
                            <Label labelFor={`explain-${group.theme}-${n}`}>
                              {t('project.requirement.explanationFor')}
                            </Label>
                            <Textfield
                              id={`explain-${group.theme}-${n}`}
                              name={`explain-${r.id}`}
                              placeholder={t('project.requirement.explanation')}
                              value={explanations[r.id] ?? ''}
                              isInvalid={props.error !== null && lastTried === r.id}
                              onChange={(e) => setExplanations({ ...explanations, [r.id]: e.target.value })}
                            />
                            {props.error && lastTried === r.id ? (
                              <ErrorMessage>{props.error.message}</ErrorMessage>
                            ) : null}
                            <Button
                              isDisabled={props.busy}
                              onClick={() =>
                                answer({
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
                  <Text key={p.id}>{t('project.requirement.permissionText', { text: p.text })}</Text>
                ))}
              </Stack>
            ) : null}
          </Stack>
        );
      })}
    </Stack>
  );
}
