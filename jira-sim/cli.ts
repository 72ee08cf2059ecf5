/**
 * `npm run sim` starts the simulator alone and prints the site URLs and credentials;
 * `npm run sim -- --json` prints one JSON line {"sites":[{name,baseUrl,email,apiToken}],"adminUrl"}.
 * Options: --port N (first port; default ephemeral), --host H, --issues N (feature requests per product),
 * --secret S (mirror signing secret; default $OS2_EVENT_SECRET or 'os2-dev-secret'), --routing ports|host,
 * --index-lag MS (search index lag; default DEFAULT_INDEX_LAG_MS, 0 for read-after-write).
 */
import { DEFAULT_INDEX_LAG_MS, startJiraSim } from './index.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const json = process.argv.includes('--json');
const issues = arg('issues');
const lag = arg('index-lag');
if (lag !== undefined && !/^\d+$/.test(lag)) {
  console.error(`--index-lag wants milliseconds (e.g. ${DEFAULT_INDEX_LAG_MS}), not '${lag}'`);
  process.exit(2);
}
const sim = await startJiraSim({
  port: arg('port') ? Number(arg('port')) : 0,
  host: arg('host') ?? '127.0.0.1',
  secret: arg('secret') ?? process.env.OS2_EVENT_SECRET ?? undefined,
  routing: arg('routing') === 'host' ? 'host' : 'ports',
  seed: issues ? { featureRequestsPerProduct: Number(issues) } : {},
  ...(lag !== undefined ? { indexLagMs: Number(lag) } : {}),
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
