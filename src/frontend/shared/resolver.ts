/**
 * Calls this module's resolver through @forge/bridge. Every resolver answers `{ ok, data | error }`
 * (src/resolvers/common.ts); a bridge failure becomes an `INTERNAL` answer, so components handle one shape.
 */
import { invoke } from '@forge/bridge';
import { useEffect, useState } from 'react';
import { useProductContext } from '@forge/react';
import { localeOf, translator, type Locale, type MessageKey, type Vars } from '../../i18n/index';

export interface AppError {
  code: string;
  message: string;
  issues?: { path: (string | number)[]; message: string }[];
}
export type Answer<T> = { ok: true; data: T } | { ok: false; error: AppError };

export async function call<T>(
  functionKey: string,
  payload: Record<string, unknown> = {},
): Promise<Answer<T>> {
  try {
    const answer = (await invoke(functionKey, payload)) as Answer<T> | undefined;
    if (answer && typeof answer === 'object' && 'ok' in answer) return answer;
    return { ok: false, error: { code: 'INTERNAL', message: 'Unexpected answer' } };
  } catch (e) {
    return { ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } };
  }
}

/** The user's locale from Forge's context (Danish until it is known, and for every non-English locale). */
export function useLocale(): { locale: Locale; t: (key: MessageKey, vars?: Vars) => string; ready: boolean } {
  const context = useProductContext();
  const locale = localeOf(context?.locale);
  return { locale, t: translator(locale), ready: context !== undefined };
}

/** Loads `functionKey` once the locale is known, and again whenever `reload()` is called. */
export function useLoad<T>(functionKey: string, locale: Locale, ready: boolean) {
  const [answer, setAnswer] = useState<Answer<T> | undefined>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!ready) return;
    let live = true;
    void call<T>(functionKey, { locale }).then((a) => {
      if (live) setAnswer(a);
    });
    return () => {
      live = false;
    };
  }, [functionKey, locale, ready, tick]);
  return { answer, reload: () => setTick((n) => n + 1) };
}

/**
 * A resolver call started by the user (a button, a form): busy while it runs, then a success text or the
 * resolver's error. The page data is reloaded after a success, and after a refused stale save so the user sees
 * the newer record they would otherwise overwrite.
 */
export function useAction(locale: Locale, reload: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  async function run<T>(
    functionKey: string,
    payload: Record<string, unknown>,
    successText: (data: T) => string,
  ): Promise<boolean> {
    setBusy(true);
    setError(null);
    setSuccess(null);
    const result = await call<T>(functionKey, { locale, ...payload });
    setBusy(false);
    if (result.ok) {
      setSuccess(successText(result.data));
      reload();
      return true;
    }
    setError(result.error);
    if (result.error.code === 'STALE_REVISION') reload();
    return false;
  }
  return { busy, error, success, run };
}
