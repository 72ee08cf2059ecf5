/**
 * Release checks of the Forge app that @forge/manifest's validation does not make (used by
 * scripts/forge-predeploy.ts and the tests):
 *
 * - the app id is not the placeholder this repository ships with (a deployer runs `forge register`);
 * - the sync service's egress host is not the placeholder `https://*.os2.eu` (Forge refuses outbound calls to
 *   any host not listed, and a wildcard over a domain OS2 does not run the service on is no real setting);
 * - every trigger event name is one Forge knows: @forge/manifest's own product-event-to-scope mapping (its
 *   validation reports no unknown event name; a misspelt event is a trigger that never fires);
 * - every `function.handler` (`<module>.<export>`) is an exported function of the built bundle
 *   dist/functions/<module>.cjs (`npm run package`), so a renamed export fails here, not at run time in Forge.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** The app id and egress host committed to this repository; a real deploy replaces both. */
export const PLACEHOLDER_APP_ID = 'ari:cloud:ecosystem::app/8d5c3f0e-0b4a-4c3e-9a51-0f2d7c1e6a42';
export const PLACEHOLDER_EGRESS = 'https://*.os2.eu';

const require = createRequire(import.meta.url);

const ManifestSchema = z.looseObject({
  app: z.looseObject({ id: z.string() }),
  modules: z.looseObject({
    trigger: z.array(z.looseObject({ key: z.string(), events: z.array(z.string()) })).default([]),
    function: z.array(z.looseObject({ key: z.string(), handler: z.string() })).default([]),
  }),
  permissions: z
    .looseObject({
      external: z
        .looseObject({
          fetch: z
            .looseObject({
              backend: z.array(z.union([z.string(), z.looseObject({ address: z.string() })])).default([]),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
});

export interface Finding {
  check: 'app-id' | 'egress' | 'trigger-event' | 'handler-export';
  ok: boolean;
  /** A placeholder is a setting for the deployer, reported but not failed in CI's report-only mode. */
  placeholder?: boolean;
  message: string;
}

const EventMapping = z.object({ mapping: z.array(z.object({ productEvent: z.string() })) });

/** The product events @forge/manifest maps to scopes (the set Forge accepts for product triggers). */
export function knownProductEvents(): Set<string> {
  const file = join(
    dirname(require.resolve('@forge/manifest')),
    'mapping',
    'product-event-to-scope-mapping.json',
  );
  return new Set(
    EventMapping.parse(JSON.parse(readFileSync(file, 'utf8'))).mapping.map((m) => m.productEvent),
  );
}

export function checkManifest(manifestText: string): Finding[] {
  const manifest = ManifestSchema.parse(parse(manifestText));
  const findings: Finding[] = [];
  const appIdPlaceholder = manifest.app.id === PLACEHOLDER_APP_ID;
  findings.push({
    check: 'app-id',
    ok: !appIdPlaceholder,
    placeholder: appIdPlaceholder,
    message: appIdPlaceholder
      ? `app.id is the repository's placeholder (${PLACEHOLDER_APP_ID}): run \`forge register\` (it writes the app's own id into manifest.yml)`
      : `app.id ${manifest.app.id}`,
  });
  const hosts = (manifest.permissions?.external?.fetch?.backend ?? []).map((b) =>
    typeof b === 'string' ? b : b.address,
  );
  const placeholderHosts = hosts.filter((h) => h === PLACEHOLDER_EGRESS);
  findings.push({
    check: 'egress',
    ok: hosts.length > 0 && placeholderHosts.length === 0,
    placeholder: placeholderHosts.length > 0,
    message:
      placeholderHosts.length > 0
        ? `permissions.external.fetch.backend lists the placeholder ${PLACEHOLDER_EGRESS}: set the sync service's real address (the host of its /events, as on the admin page)`
        : hosts.length === 0
          ? 'permissions.external.fetch.backend lists no host: change events cannot reach the sync service'
          : `egress to ${hosts.join(', ')}`,
  });
  const known = knownProductEvents();
  for (const trigger of manifest.modules.trigger) {
    for (const event of trigger.events) {
      findings.push({
        check: 'trigger-event',
        ok: known.has(event),
        message: known.has(event)
          ? `trigger ${trigger.key}: ${event}`
          : `trigger ${trigger.key}: ${event} is not a product event Forge knows (@forge/manifest's event mapping)`,
      });
    }
  }
  return findings;
}

/** Every handler `<module>.<export>` is a function exported by dist/functions/<module>.cjs. */
export function checkHandlerExports(manifestText: string, functionsDir: string): Finding[] {
  const manifest = ManifestSchema.parse(parse(manifestText));
  return manifest.modules.function.map((fn) => {
    const [module, exported, ...rest] = fn.handler.split('.');
    const bundle = join(functionsDir, `${module}.cjs`);
    if (!module || !exported || rest.length > 0)
      return {
        check: 'handler-export',
        ok: false,
        message: `${fn.key}: handler ${fn.handler} is not <module>.<export>`,
      };
    if (!existsSync(bundle))
      return {
        check: 'handler-export',
        ok: false,
        message: `${fn.key}: ${bundle} was not built (npm run package)`,
      };
    const exports = require(bundle) as Record<string, unknown>;
    const ok = typeof exports[exported] === 'function';
    return {
      check: 'handler-export',
      ok,
      message: ok
        ? `${fn.key}: ${fn.handler}`
        : `${fn.key}: the bundle ${module}.cjs exports no function ${exported} (it exports ${Object.keys(exports).join(', ') || 'nothing'})`,
    };
  });
}
