/**
 * `npm run predeploy [-- --report-only] [-- --manifest <file>] [-- --dist <dir>]`: run before `forge deploy`.
 *
 * Refuses (exit 1) a manifest that still carries the repository's placeholder app id or egress host, a trigger
 * event Forge does not know, or a handler the built bundle does not export (scripts/forge-checks.ts), and says
 * what to run. `--report-only` prints the same findings and exits 0 on placeholders, which a CI build of this
 * repository always has; real defects (an unknown event, a missing export) still fail.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkHandlerExports, checkManifest, type Finding } from './forge-checks.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const reportOnly = process.argv.includes('--report-only');
const manifestPath = resolve(arg('--manifest') ?? 'manifest.yml');
const distDir = resolve(arg('--dist') ?? 'dist/functions');
const text = readFileSync(manifestPath, 'utf8');

const findings: Finding[] = [...checkManifest(text)];
if (existsSync(distDir)) findings.push(...checkHandlerExports(text, distDir));
else
  findings.push({
    check: 'handler-export',
    ok: false,
    message: `${distDir} is missing: run \`npm run package\` first (the handler exports are checked in the built bundle)`,
  });

for (const f of findings) {
  const mark = f.ok ? 'ok  ' : f.placeholder ? 'TODO' : 'FAIL';
  console.log(`${mark} ${f.check}: ${f.message}`);
}
const failed = findings.filter((f) => !f.ok && !(reportOnly && f.placeholder));
if (failed.length > 0) {
  console.log(
    `\nNot ready to deploy: ${failed.length} problem(s) above. See docs/forge-app.md, "First deploy".` +
      (reportOnly ? '' : ' (`--report-only` reports placeholders without failing, as CI does.)'),
  );
  process.exit(1);
}
console.log(
  reportOnly && findings.some((f) => f.placeholder)
    ? '\nReport only: placeholders above must be set before a real deploy; nothing else is wrong.'
    : '\nReady for `forge deploy`.',
);
