/**
 * `npm run sim` starts the simulator alone and prints the site URLs and credentials;
 * `npm run sim -- --json` prints one JSON line {"sites":[{name,baseUrl,email,apiToken}],"adminUrl"}.
 * Options: --port N (first port; default ephemeral), --host H, --issues N (feature requests per product),
 * --secret S (mirror signing secret; default $OS2_EVENT_SECRET or 'os2-dev-secret'), --routing ports|host,
 * --index-lag MS (search index lag; default DEFAULT_INDEX_LAG_MS, 0 for read-after-write).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { da } from 'zod/locales';
import { DEFAULT_INDEX_LAG_MS, startJiraSim } from './index.js';
import { describeArgError } from '../sync-worker/src/suggest.js';

const USAGE = `npm run sim [-- <tilvalg>]   the Jira Cloud simulator alone, with two seeded sites

  --port N        første port (first port; default: ledige porte / ephemeral)
  --host H        adresse at lytte på (default 127.0.0.1)
  --issues N      udviklingsønsker pr. produkt (feature requests per product, 0-100000)
  --secret S      hemmelighed til spejlenes signaturer (default $OS2_EVENT_SECRET eller os2-dev-secret)
  --routing R     ports (en port pr. site) eller host (ét port, site efter Host-header)
  --index-lag MS  søgeindeksets forsinkelse i ms (search index lag; default ${DEFAULT_INDEX_LAG_MS}, 0: straks)
  --json          én JSON-linje med sites og admin-URL (for scripts)
  -h, --help      denne hjælp`;

const OPTIONS = ['port', 'host', 'issues', 'secret', 'routing', 'index-lag', 'json', 'help'] as const;

/** Numbers and choices checked like every other outside input: `--issues abc` is refused, not NaN. */
const Args = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  issues: z.coerce.number().int().min(0).max(100_000).optional(),
  secret: z.string().min(1).optional(),
  routing: z.enum(['ports', 'host']).default('ports'),
  'index-lag': z.coerce.number().int().min(0).optional(),
  json: z.boolean().default(false),
});

function parseCommandLine(): z.infer<typeof Args> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        issues: { type: 'string' },
        secret: { type: 'string' },
        routing: { type: 'string' },
        'index-lag': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (e) {
    process.stderr.write(`npm run sim: ${describeArgError(e as Error, OPTIONS)}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const { help: _help, ...rest } = values;
  const parsed = Args.safeParse(rest, { error: da().localeError });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      process.stderr.write(
        `npm run sim: --${issue.path.join('.')} er ugyldig: ${issue.message} (invalid value)\n`,
      );
    }
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  return parsed.data;
}

const args = parseCommandLine();
const json = args.json;
const sim = await startJiraSim({
  port: args.port,
  host: args.host,
  secret: args.secret ?? process.env.OS2_EVENT_SECRET ?? undefined,
  routing: args.routing,
  seed: args.issues !== undefined ? { featureRequestsPerProduct: args.issues } : {},
  ...(args['index-lag'] !== undefined ? { indexLagMs: args['index-lag'] } : {}),
});

if (json) {
  console.log(
    JSON.stringify({
      sites: sim.sites.map(({ name, baseUrl, email, apiToken }) => ({ name, baseUrl, email, apiToken })),
      adminUrl: sim.adminUrl,
    }),
  );
} else {
  console.log('Jira Cloud simulator running');
  for (const s of sim.sites) {
    const st = sim.site(s.name).state;
    console.log(
      `  ${s.name.padEnd(10)} ${s.baseUrl}  (${st.projects.size} projects, ${st.issues.size} issues)`,
    );
    console.log(`             email: ${s.email}`);
    console.log(`             token: ${s.apiToken}`);
    const app = sim.site(s.name).asApp();
    console.log(`             app account (accountType app): ${app.email} / ${app.apiToken}`);
  }
  console.log(
    `  search index lag: ${sim.site(sim.sites[0]!.name).indexLagMs} ms (--index-lag 0 turns it off)`,
  );
  console.log(`  admin API  ${sim.adminUrl}/__sim/{faults,calls,reset,seed,sites,behaviour}`);
  console.log('Ctrl-C to stop.');
}

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
