/**
 * "Send test event" (issue 17 item 2): the sync service checks the app's secret from its side and the admin sees
 * which of the four things happened: it works, the secrets differ, the service is unreachable, or it timed out.
 */
import { useState } from 'react';
import { Button, HelperMessage, SectionMessage, Stack, Text } from '@forge/react';
import { call, type AppError } from '../shared/resolver';
import { Feedback } from '../shared/Feedback';
import type { Locale, MessageKey, Vars } from '../../i18n/index';
import type { SyncTestResult } from '../../shared/sync-test-result';

export function testMessage(
  t: (key: MessageKey, vars?: Vars) => string,
  r: SyncTestResult,
): { ok: boolean; text: string } {
  switch (r.result) {
    case 'ok':
      return r.siteKnown
        ? { ok: true, text: t('admin.test.ok', { ms: r.ms }) }
        : { ok: false, text: t('admin.test.okUnknownSite') };
    case 'signature_refused':
      return {
        ok: false,
        text:
          r.reason === 'mismatch'
            ? t('admin.test.mismatch')
            : r.reason === 'stale'
              ? t('admin.test.stale')
              : t('admin.test.refused', { reason: r.reason }),
      };
    case 'unreachable':
      return { ok: false, text: t('admin.test.unreachable', { detail: r.detail }) };
    case 'timeout':
      return { ok: false, text: t('admin.test.timeout', { seconds: Math.round(r.timeoutMs / 1000) }) };
    case 'unexpected':
      return { ok: false, text: t('admin.test.unexpected', { status: r.status }) };
    case 'not_configured':
      return { ok: false, text: t('admin.test.notConfigured') };
  }
}

export function SyncTest({ locale, t }: { locale: Locale; t: (key: MessageKey, vars?: Vars) => string }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  async function send() {
    setBusy(true);
    setOutcome(null);
    setError(null);
    const answer = await call<SyncTestResult>('testSync', { locale });
    setBusy(false);
    if (answer.ok) setOutcome(testMessage(t, answer.data));
    else setError(answer.error);
  }

  return (
    <Stack space="space.050">
      <Button isDisabled={busy} onClick={() => void send()}>
        {t('admin.testSync')}
      </Button>
      <HelperMessage>{t('admin.testSyncHelp')}</HelperMessage>
      {outcome ? (
        <SectionMessage appearance={outcome.ok ? 'success' : 'error'}>
          <Text>{outcome.text}</Text>
        </SectionMessage>
      ) : null}
      <Feedback error={error} />
    </Stack>
  );
}
