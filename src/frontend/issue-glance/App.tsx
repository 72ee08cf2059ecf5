/** Issue glance: the number of municipalities that voted for the feature request. */
import { useEffect, useState } from 'react';
import { Spinner, Text } from '@forge/react';
import { call, useLocale } from '../shared/resolver';

export function IssueGlance() {
  const { locale, t, ready } = useLocale();
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (!ready) return;
    void call<{ count: number }>('glance', { locale }).then((a) => setCount(a.ok ? a.data.count : 0));
  }, [locale, ready]);
  if (count === null) return <Spinner label={t('common.loading')} />;
  return <Text>{t('glance.votes', { count })}</Text>;
}
