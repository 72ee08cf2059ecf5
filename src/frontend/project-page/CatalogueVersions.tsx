/**
 * Which version of the requirement catalogue the project answers (the newest), which version its answers were given
 * under and what the board has demanded since, and every version the board has made (who, when, why). A board member adds an obligatory item here (finding 5 of issue 14; seed 003 4.1.6): it is then on
 * the requirement list of the levels it applies to, for every project, with no code change; or makes one of the
 * catalogue's permissions obligatory (MakeObligatory.tsx).
 */
import { useState } from 'react';
import { Button, Heading, Inline, Label, Select, Spinner, Stack, Text, Textfield } from '@forge/react';
import { useAction, useLoad } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import { MakeObligatory } from './MakeObligatory';
import { formatDateTime, type Locale, type MessageKey, type Vars } from '../../i18n/index';
import type { CatalogueVersionsData } from '../../shared/catalogue-work-data';

const THEMES = ['relevance', 'formal', 'governance', 'strategic_fit'] as const;
const LEVELS = ['N1', 'N2', 'N3'] as const;

export function CatalogueVersions(props: {
  locale: Locale;
  t: (key: MessageKey, vars?: Vars) => string;
  /** Reloads the page, whose requirement list then shows the new item. */
  onChanged: () => void;
}) {
  const { locale, t, onChanged } = props;
  const { answer, reload } = useLoad<CatalogueVersionsData>('catalogueVersions', locale, true);
  const { busy, error, success, run } = useAction(locale, () => {
    reload();
    onChanged();
  });
  const [saved, setSaved] = useState<string | null>(null);
  const [f, setF] = useState({ id: '', theme: 'formal', level: 'N2', da: '', en: '', reason: '' });
  if (!answer) return <Spinner label={t('common.loading')} />;
  if (!answer.ok) return <Feedback error={answer.error} />;
  const c = answer.data;
  const field = (name: keyof typeof f, label: MessageKey) => (
    <Stack space="space.025">
      <Label labelFor={`cat-${name}`}>{t(label)}</Label>
      <Textfield
        id={`cat-${name}`}
        name={`cat-${name}`}
        value={f[name]}
        onChange={(e) => setF({ ...f, [name]: e.target.value })}
      />
    </Stack>
  );
  return (
    <Stack space="space.100">
      <Heading as="h3">{t('cat.heading')}</Heading>
      <Text>{t('cat.answers', { title: c.title, version: c.version })}</Text>
      <Text>
        {c.answeredVersion !== null
          ? t('cat.answeredAt', { version: c.answeredVersion, newest: c.version })
          : c.hasAnswers
            ? c.version === 0
              ? t('cat.answeredBase')
              : t('cat.answeredUnversioned', { newest: c.version })
            : t('cat.notAnswered', { newest: c.version })}
      </Text>
      {c.newSince.map((r) => (
        <Text key={r.id}>
          {t('cat.newSince', {
            version: c.answeredVersion ?? 0,
            id: r.id,
            text: r.text,
            status: t(`project.requirement.${r.status}`),
          })}
        </Text>
      ))}
      {c.versions.map((v) => (
        <Text key={v.version}>
          {t('cat.versionLine', {
            version: v.version,
            change:
              v.change.type === 'add'
                ? t('cat.added', { id: v.change.id, text: locale === 'en' ? v.change.en : v.change.da })
                : t('cat.madeObligatory', { id: v.change.id }),
            name: v.by.displayName,
            date: formatDateTime(locale, v.at),
            reason: v.reason,
          })}
        </Text>
      ))}
      {c.canChange ? (
        <Stack space="space.100">
          <Feedback error={error} success={success ?? saved} />
          <Inline space="space.100">
            <Label labelFor="cat-level">{t('cat.level')}</Label>
            <Select
              inputId="cat-level"
              name="cat-level"
              options={LEVELS.map((l) => ({ label: l, value: l }))}
              value={{ label: f.level, value: f.level }}
              onChange={(o: { value: string } | null) => setF({ ...f, level: o?.value ?? 'N2' })}
            />
            <Label labelFor="cat-theme">{t('cat.theme')}</Label>
            <Select
              inputId="cat-theme"
              name="cat-theme"
              options={THEMES.map((x) => ({ label: t(`theme.${x}`), value: x }))}
              value={{ label: t(`theme.${f.theme}` as MessageKey), value: f.theme }}
              onChange={(o: { value: string } | null) => setF({ ...f, theme: o?.value ?? 'formal' })}
            />
            {field('id', 'cat.id')}
          </Inline>
          {field('da', 'cat.da')}
          {field('en', 'cat.en')}
          {field('reason', 'cat.reason')}
          <Button
            isDisabled={busy}
            onClick={() =>
              void run(
                'changeCatalogue',
                {
                  expectedVersion: c.version,
                  input: {
                    change: { type: 'add', id: f.id, theme: f.theme, level: f.level, da: f.da, en: f.en },
                    reason: f.reason,
                  },
                },
                () => t('cat.saved', { version: c.version + 1 }),
              )
            }
          >
            {t('cat.add')}
          </Button>
          <MakeObligatory
            locale={locale}
            t={t}
            catalogue={c}
            onSaved={(text) => {
              setSaved(text);
              reload();
              onChanged();
            }}
          />
        </Stack>
      ) : null}
    </Stack>
  );
}
