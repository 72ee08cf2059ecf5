/**
 * Fills the municipality directory from one naming pattern (`kommune-{kode}`): all 98 municipalities in one step
 * instead of 98 pick-and-add rounds. Only groups that exist in Jira are filled; the admin saves the directory as
 * usual, so nothing changes until then.
 */
import { useState } from 'react';
import { Button, ErrorMessage, HelperMessage, Inline, Label, Stack, Text, Textfield } from '@forge/react';
import { call, type AppError } from '../shared/resolver';
import type { Locale, MessageKey, Vars } from '../../i18n/index';

const MISSING_SHOWN = 8;

type Entry = { group: string; municipality: { name: string; code: string } };

export function PatternFill({
  locale,
  t,
  onFill,
}: {
  locale: Locale;
  t: (key: MessageKey, vars?: Vars) => string;
  onFill: (entries: Entry[]) => void;
}) {
  const [pattern, setPattern] = useState('kommune-{kode}');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [result, setResult] = useState<{ found: number; missing: string[] } | null>(null);

  async function fill() {
    setBusy(true);
    setError(null);
    setResult(null);
    const answer = await call<{ entries: Entry[]; missing: Entry[] }>('matchGroups', { pattern });
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    onFill(answer.data.entries);
    setResult({ found: answer.data.entries.length, missing: answer.data.missing.map((m) => m.group) });
  }

  return (
    <Stack space="space.050">
      <Label labelFor="admin-pattern">{t('admin.pattern')}</Label>
      <Inline space="space.100" alignBlock="center">
        <Textfield
          id="admin-pattern"
          name="pattern"
          value={pattern}
          isInvalid={error !== null}
          onChange={(e) => setPattern(e.target.value)}
        />
        <Button isDisabled={busy || !pattern.trim()} onClick={() => void fill()}>
          {t('admin.patternFill')}
        </Button>
      </Inline>
      {error ? (
        <ErrorMessage>
          {[error.message, ...(error.issues ?? []).map((i) => i.message)].join(': ')}
        </ErrorMessage>
      ) : (
        <HelperMessage>
          {/* Both spellings are accepted (src/app/municipality-groups.ts); each language shows its own. */}
          {t(
            'admin.patternHelp',
            locale === 'en'
              ? { codeToken: '{code}', nameToken: '{name}' }
              : { codeToken: '{kode}', nameToken: '{navn}' },
          )}
        </HelperMessage>
      )}
      {result ? <Text>{t('admin.patternResult', { found: result.found })}</Text> : null}
      {result && result.missing.length ? (
        <Text>
          {t('admin.patternMissing', {
            // The first few name the pattern's shape; all 98 would bury the page.
            groups:
              result.missing.slice(0, MISSING_SHOWN).join(', ') +
              (result.missing.length > MISSING_SHOWN
                ? ` ${t('admin.patternMoreMissing', { count: result.missing.length - MISSING_SHOWN })}`
                : ''),
          })}
        </Text>
      ) : null}
    </Stack>
  );
}
