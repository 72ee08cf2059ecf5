/**
 * The board turns a permission of the catalogue into an obligatory requirement (seed 003 4.1.6: the board "may
 * decide to make parts of the materials obligatory"). The permission is chosen from the catalogue's own list, so no
 * id is typed; the board's reason is required; a confirmation says what happens, because a version is never undone
 * (versions are append-only) and every project on the level then has a requirement to meet or explain. A refusal
 * is shown under the field it is about.
 */
import { useState } from 'react';
import { ErrorMessage, Label, RequiredAsterisk, Select, Stack, TextArea } from '@forge/react';
import { call, type AppError } from '../shared/resolver';
import { ConfirmButton } from '../shared/Confirm';
import type { MessageKey, Locale, Vars } from '../../i18n/index';
import type { CatalogueVersionsData } from '../../shared/catalogue-work-data';

type Errors = { id?: string; reason?: string; form?: string };

/** Which field a refusal is about: the chosen permission, the reason, or the form as a whole. */
function errorsOf(error: AppError): Errors {
  const text = [error.message, ...(error.issues ?? []).map((i) => i.message)].join(': ');
  const paths = (error.issues ?? []).map((i) => i.path.map(String));
  if (paths.some((p) => p.includes('reason'))) return { reason: text };
  if (paths.some((p) => p.includes('id'))) return { id: text };
  return { form: text };
}

export function MakeObligatory(props: {
  locale: Locale;
  t: (key: MessageKey, vars?: Vars) => string;
  catalogue: Pick<CatalogueVersionsData, 'version' | 'permissions'>;
  onSaved: (text: string) => void;
}) {
  const { t, catalogue } = props;
  const [id, setId] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const options = catalogue.permissions.map((p) => ({ label: `${p.id}: ${p.text}`, value: p.id }));

  async function save() {
    const found: Errors = {};
    if (!id) found.id = t('cat.permissionRequired');
    if (!reason.trim()) found.reason = t('cat.reasonRequired');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    const answer = await call('changeCatalogue', {
      locale: props.locale,
      expectedVersion: catalogue.version,
      input: { change: { type: 'makeObligatory', id }, reason },
    });
    setBusy(false);
    if (!answer.ok) return setErrors(errorsOf(answer.error));
    setId('');
    setReason('');
    props.onSaved(t('cat.saved', { version: catalogue.version + 1 }));
  }

  if (!catalogue.permissions.length) return null;
  return (
    <Stack space="space.100">
      <Stack space="space.025">
        <Label labelFor="cat-permission">
          {t('cat.permission')}
          <RequiredAsterisk />
        </Label>
        <Select
          inputId="cat-permission"
          name="cat-permission"
          options={options}
          value={options.find((o) => o.value === id) ?? null}
          onChange={(o: { value: string } | null) => setId(o?.value ?? '')}
        />
        {errors.id ? <ErrorMessage>{errors.id}</ErrorMessage> : null}
      </Stack>
      <Stack space="space.025">
        <Label labelFor="cat-obligatory-reason">
          {t('cat.reason')}
          <RequiredAsterisk />
        </Label>
        <TextArea
          id="cat-obligatory-reason"
          name="cat-obligatory-reason"
          isInvalid={errors.reason !== undefined}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        {errors.reason ? <ErrorMessage>{errors.reason}</ErrorMessage> : null}
      </Stack>
      {errors.form ? <ErrorMessage>{errors.form}</ErrorMessage> : null}
      <ConfirmButton
        label={t('cat.makeObligatory')}
        title={t('cat.makeObligatory')}
        text={t('cat.makeObligatoryConfirm', { id: id || '–' })}
        confirm={t('cat.makeObligatoryYes')}
        cancel={t('common.cancel')}
        appearance="warning"
        isDisabled={busy}
        onConfirm={save}
      />
    </Stack>
  );
}
