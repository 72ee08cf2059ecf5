/**
 * The import of the existing portfolio on the Jira global page (docs/import.md), for the secretariat only:
 *
 * - `importPreview` { text } → the dry run: per row what would be created and every problem with row and column
 * - `importApply` { text } → carries out the rows the plan would create; `applied.done` false means run it again
 *   (a failure or Forge's time limit stopped it; done rows are `unchanged` on the next run)
 *
 * Defined on the global page's resolver (the page the import panel is on) by `defineImport`; the same
 * `runImport` serves the `os2-import` web trigger the sync service's CLI calls.
 */
import { z } from 'zod';
import { actingUser } from '../app/actor';
import { runImport } from '../app/import';
import { resolver, refuse } from './common';
import type { Resolver } from './forge-resolver';

/** At most 1 MB of text: 500 products with long decision histories fit well inside it. */
export const MAX_IMPORT_CHARS = 1_000_000;
/** A resolver has 25 s in Forge; rows not reached by this are left for the next apply. */
const RESOLVER_BUDGET_MS = 18_000;

const ImportPayload = z.object({
  locale: z.string().optional(),
  text: z.string().min(1, 'Filen er tom').max(MAX_IMPORT_CHARS, 'Filen er for stor (højst 1 MB)'),
});

export function defineImport(r: InstanceType<typeof Resolver>): void {
  const run = (mode: 'dry-run' | 'apply') =>
    resolver(ImportPayload, async (req) => {
      const started = Date.now();
      const user = await actingUser();
      if (!user.actor.roles.includes('secretariat'))
        refuse(req.locale, 'ONLY_SECRETARIAT_IMPORTS', 'import.onlySecretariat');
      return runImport({
        text: req.payload.text,
        mode,
        locale: req.locale,
        actor: user.actor,
        by: { accountId: user.actor.accountId, displayName: user.actor.displayName },
        ...(req.context.siteUrl ? { siteUrl: req.context.siteUrl } : {}),
        deadlineMs: started + RESOLVER_BUDGET_MS,
      });
    });
  r.define('importPreview', run('dry-run')).define('importApply', run('apply'));
}
