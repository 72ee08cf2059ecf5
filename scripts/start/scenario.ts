import { FIXTURE_PEOPLE } from '../../demo/fixtures.js';
import { MUNICIPALITIES } from '../../src/domain/municipalities.js';
import type { GovernanceRecord } from '../../src/domain/governance-record.js';
import type { RollUp } from '../../src/domain/rollup.js';
import { readVotesMirror, VOTES_PROPERTY } from '../../src/mirror/votes-mirror.js';
import type { VoteTally } from '../../src/domain/vote.js';
import { startForgeRuntime } from '../../forge-sim/index.js';
import type { Answer, ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../../sync-worker/src/service.js';
import { formatRollUpLine } from './portfolio-table.js';
import { topRequest } from '../../sync-worker/src/portfolio-page/model.js';
import { waitForPortfolio } from './sync-progress.js';
import { formatter, t } from '../../src/i18n/index.js';
import type { MessageKey, Vars } from '../../src/i18n/index.js';

/**
 * The scenario narrates in Danish, like the rest of `npm start` (the catalogue's `scenario.*`); what it
 * enters through the app (a decision's basis, a status report's progress) is governance data, not a message.
 */
const say = (key: MessageKey, vars?: Vars): string => t('da', key, vars);
const dkk = { format: formatter('da').dkk };

export interface VoteOutcome {
  site: string;
  productKey: string;
  issueKey: string;
  summary: string;
  voter: string;
  municipality: string;
  tally: { count: number; coFinanceTotalDkk: number };
}

/** The Forge app running locally (one installation per simulated site), as the demo uses it. */
export interface DemoApp {
  readonly runtimes: ReadonlyMap<string, ForgeRuntime>;
  /** The scripted scenario; each step is followed until the portfolio shows it, and printed. */
  runScenario(): Promise<void>;
  /** A municipality votes on a feature request (an issue key, or a product key: its top open request). */
  vote(target: string, kommunekode: string, amountDkk?: number): Promise<VoteOutcome>;
  close(): Promise<void>;
}

export interface DemoAppOptions {
  sim: JiraSim;
  secret: string;
  /** The sync service's base address; events go to `<syncUrl>/events`. */
  syncUrl: string;
  service: SyncService;
  out: (line?: string) => void;
}

class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

function unwrap<T>(answer: Answer<T>, what: string): T {
  if (!answer.ok) {
    throw new ScenarioError(
      say('scenario.refused', {
        what,
        message: answer.error?.message ?? say('scenario.refusedDefault'),
        code: answer.error?.code ?? '?',
      }),
    );
  }
  return answer.data as T;
}

function secondsText(ms: number): string {
  return (ms / 1000).toLocaleString('da-DK', { maximumFractionDigits: 1 });
}

function muniName(code: string): string {
  return MUNICIPALITIES.find((m) => m.code === code)?.name ?? code;
}

export async function startDemoApp(opts: DemoAppOptions): Promise<DemoApp> {
  const { sim, service, out } = opts;
  const runtimes = new Map<string, ForgeRuntime>();
  for (const s of sim.sites) {
    runtimes.set(
      s.name,
      await startForgeRuntime({
        jiraSim: sim,
        siteName: s.name,
        secret: opts.secret,
        syncUrl: `${opts.syncUrl}/events`,
      }),
    );
  }
  // The portfolio's product page asks each site's app for the product's history (os2-app-data). The apps start
  // after the service (they need its address), so their web trigger addresses are given to it now; the service
  // reads a site's appDataUrl on each request.
  for (const site of service.context.config.sites) {
    const runtime = runtimes.get(site.name);
    if (runtime) site.appDataUrl = await runtime.webTriggerUrl('os2-app-data');
  }

  const siteOfProject = (keyOrId: string): string => {
    for (const s of sim.sites) if (sim.site(s.name).state.resolveProject(keyOrId)) return s.name;
    throw new ScenarioError(say('scenario.noProject', { key: keyOrId }));
  };
  const siteOfIssue = (key: string): string => {
    for (const s of sim.sites) if (sim.site(s.name).state.resolveIssue(key)) return s.name;
    throw new ScenarioError(say('scenario.noIssue', { key }));
  };
  const forge = (site: string): ForgeRuntime => {
    const f = runtimes.get(site);
    if (!f) throw new ScenarioError(say('scenario.noForge', { site }));
    return f;
  };
  const tallyOf = (site: string, issueKey: string): VoteTally | undefined => {
    const issue = sim.site(site).state.resolveIssue(issueKey);
    return readVotesMirror(issue?.properties?.get(VOTES_PROPERTY), opts.secret, 'unbound');
  };
  const summaryOf = (site: string, issueKey: string): string => {
    const issue = sim.site(site).state.resolveIssue(issueKey) as {
      summary?: string;
      fields?: { summary?: string };
    };
    return issue?.summary ?? issue?.fields?.summary ?? '';
  };
  const memberOf = (site: string, code: string): string => {
    const st = sim.site(site).state;
    const members = [...(st.groups.get(`kommune-${code}`)?.members ?? [])];
    if (members.length === 0) throw new ScenarioError(say('scenario.noMember', { code, site }));
    return members[0]!;
  };
  const rollUpOf = (rollUps: RollUp[], productKey: string): RollUp | undefined =>
    rollUps.find((r) => r.project.key === productKey);

  async function record(site: string, productKey: string, accountId: string): Promise<GovernanceRecord> {
    const page = unwrap(
      await forge(site).invoke<{ record: GovernanceRecord | null }>(
        'project-page',
        'load',
        {},
        { accountId, project: productKey },
      ),
      `load ${productKey}`,
    );
    if (!page.record) throw new ScenarioError(say('scenario.noRecord', { key: productKey }));
    return page.record;
  }

  async function vote(target: string, kommunekode: string, amountDkk?: number): Promise<VoteOutcome> {
    let issueKey = target;
    if (!/-\d+$/.test(target)) {
      // The product's top request as the table and the page name it (most votes, then most co-finance).
      const r = rollUpOf(await service.listRollUps(), target);
      const top = r ? topRequest(r) : undefined;
      if (!top) throw new ScenarioError(say('scenario.noOpenRequests', { key: target }));
      issueKey = top.key;
    }
    const site = siteOfIssue(issueKey);
    const accountId = memberOf(site, kommunekode);
    const account = sim.site(site).state.accounts.get(accountId) as { displayName?: string } | undefined;
    unwrap(
      await forge(site).invoke(
        'issue-panel',
        'vote',
        {
          municipality: kommunekode,
          coFinance: amountDkk && amountDkk > 0 ? { willing: true, amountDkk } : { willing: false },
        },
        { accountId, issue: issueKey },
      ),
      say('scenario.voteOn', { key: issueKey }),
    );
    const tally = tallyOf(site, issueKey);
    return {
      site,
      productKey: issueKey.replace(/-\d+$/, ''),
      issueKey,
      summary: summaryOf(site, issueKey),
      voter: account?.displayName ?? accountId,
      municipality: kommunekode,
      tally: { count: tally?.count ?? 0, coFinanceTotalDkk: tally?.coFinanceTotalDkk ?? 0 },
    };
  }

  async function follow(what: string, check: (r: RollUp) => boolean, productKey: string): Promise<void> {
    try {
      const { rollUps, ms } = await waitForPortfolio(
        service,
        (all) => {
          const r = rollUpOf(all, productKey);
          return r !== undefined && check(r);
        },
        { timeoutMs: 30_000, what },
      );
      out(
        say('scenario.inPortfolio', {
          seconds: secondsText(ms),
          line: formatRollUpLine(rollUpOf(rollUps, productKey)!),
        }),
      );
    } catch (e) {
      out(`      ✗ ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  const boardMember = FIXTURE_PEOPLE.find((p) => p.roles.includes('board'));
  const adminOf = (key: string) => FIXTURE_PEOPLE.find((p) => p.projectAdminOf.includes(key));

  /**
   * 5. Someone with project admin rights rewrites the governance mirror through Jira's REST API, around the
   * app: the signature no longer matches, and the portfolio flags the product instead of trusting it.
   */
  async function tamperStep(): Promise<void> {
    try {
      const product = 'SOFD';
      const site = siteOfProject(product);
      const project = sim.site(site).state.resolveProject(product) as { id: string; name?: string };
      const admin = adminOf(product)?.accountId;
      const creds = admin ? sim.site(site).asUser(admin) : sim.site(site).admin;
      const url = `${creds.host}/rest/api/3/project/${project.id}/properties/os2-governance`;
      const auth = {
        Authorization: `Basic ${Buffer.from(`${creds.email}:${creds.apiToken}`).toString('base64')}`,
      };
      // The app's own change events of the steps before (Forge's async events queue) are delivered first: each
      // carries the app's signed roll-up, which is the truth and would supersede the flag of a forged mirror read
      // (docs/security.md). Waiting for them keeps the demo's order what it narrates.
      for (const f of runtimes.values()) await f.asyncEvents.settled();
      out(say('scenario.step5', { product }));
      const current = (await (await fetch(url, { headers: auth })).json()) as {
        value: { level: string; payload: { record: { level: string } } };
      };
      const forged = {
        ...current.value,
        level: 'N3',
        payload: { ...current.value.payload, record: { ...current.value.payload.record, level: 'N3' } },
      };
      const put = await fetch(url, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(forged),
      });
      if (!put.ok) throw new ScenarioError(say('scenario.jiraAnswered', { status: put.status }));
      out(say('scenario.step5Note'));
      await service.enqueueSync(site, project.id);
      await follow(say('scenario.flagged', { product }), (r) => r.integrity === 'tampered', product);
    } catch (e) {
      out(`      ✗ ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async function runScenario(): Promise<void> {
    out(say('scenario.title'));
    const board = boardMember?.accountId ?? 'os2-bst-lars';

    // 1. Municipalities vote on a feature request, with co-finance pledges.
    try {
      const rollUps = await service.listRollUps();
      // The most voted open request with the most participating municipalities that have not voted on it yet,
      // and one municipality outside the product, to show that only eligible municipalities vote.
      let chosen:
        | { product: string; site: string; key: string; summary: string; fresh: string[]; outsider?: string }
        | undefined;
      search: for (const product of ['KITOS', 'MO', 'ROLLE', 'CPR']) {
        const site = siteOfProject(product);
        const participating = (await record(site, product, board)).municipalities.map((m) => m.code);
        const others = [...sim.site(site).state.groups.keys()]
          .filter((g) => /^kommune-\d{3}$/.test(g))
          .map((g) => g.slice('kommune-'.length))
          .filter((c) => !participating.includes(c));
        for (const top of rollUpOf(rollUps, product)?.topRequests ?? []) {
          const voted = tallyOf(site, top.key)?.municipalities ?? [];
          const fresh = participating.filter((c) => !voted.includes(c));
          if (!chosen || fresh.length > chosen.fresh.length) {
            chosen = { product, site, key: top.key, summary: top.summary, fresh, outsider: others[0] };
          }
          if (chosen.fresh.length >= 3) break search;
        }
      }
      if (!chosen || chosen.fresh.length === 0) throw new ScenarioError(say('scenario.noRequestToVote'));
      const { product, key } = chosen;
      const pledges = [75_000, 50_000, 0];
      out(say('scenario.step1', { key, summary: chosen.summary }));
      let last: VoteOutcome | undefined;
      for (const [i, code] of chosen.fresh.slice(0, pledges.length).entries()) {
        const pledge = pledges[i]!;
        last = await vote(key, code, pledge);
        out(
          pledge
            ? say('scenario.votedPledge', {
                municipality: muniName(code),
                voter: last.voter,
                amount: dkk.format(pledge),
              })
            : say('scenario.voted', { municipality: muniName(code), voter: last.voter }),
        );
      }
      if (chosen.outsider) {
        const refusal = await vote(key, chosen.outsider, 0).then(
          () => undefined,
          (e: unknown) => (e instanceof Error ? e.message : String(e)),
        );
        if (refusal === undefined)
          throw new ScenarioError(say('scenario.outsiderVoted', { municipality: muniName(chosen.outsider) }));
        out(say('scenario.outsiderRefused', { municipality: muniName(chosen.outsider), reason: refusal }));
      }
      if (!last) throw new ScenarioError(say('scenario.nobodyVoted', { key }));
      const want = last.tally;
      out(say('scenario.tally', { key, count: want.count, amount: dkk.format(want.coFinanceTotalDkk) }));
      await follow(
        say('scenario.withVotes', { key, count: want.count }),
        (r) => r.topRequests.some((t) => t.key === key && t.votes === want.count),
        product,
      );
    } catch (e) {
      out(`      ✗ ${e instanceof Error ? e.message : String(e)}`);
    }

    // 2. The board approves an N2 concept (in board review).
    try {
      const product = 'IOT';
      const site = siteOfProject(product);
      const rec = await record(site, product, board);
      out(say('scenario.step2', { name: rec.name, product }));
      unwrap(
        await forge(site).invoke(
          'project-page',
          'transition',
          {
            action: 'approve',
            expectedRevision: rec.revision,
            input: {
              basis: 'Bestyrelsesmøde: konceptet passer til OS2s strategi; styregruppen godkendes samtidig.',
              approveSteeringGroup: true,
            },
          },
          { accountId: board, project: product },
        ),
        say('scenario.approvalOf', { product }),
      );
      await follow(say('scenario.approved', { product }), (r) => r.state === 'approved', product);
    } catch (e) {
      out(`      ✗ ${e instanceof Error ? e.message : String(e)}`);
    }

    // 3. The board moves a product from N2 to N3.
    try {
      const product = 'KITOS';
      const site = siteOfProject(product);
      const rec = await record(site, product, board);
      out(say('scenario.step3', { name: rec.name, product, level: rec.level ?? '–' }));
      unwrap(
        await forge(site).invoke(
          'project-page',
          'transition',
          {
            action: 'changeLevel',
            expectedRevision: rec.revision,
            input: {
              level: 'N3',
              reason: 'Knyttet til den fælleskommunale strategi; koordinationsgruppen indstiller.',
            },
          },
          { accountId: board, project: product },
        ),
        say('scenario.levelChangeOf', { product }),
      );
      await follow(say('scenario.onN3', { product }), (r) => r.level === 'N3', product);
    } catch (e) {
      out(`      ✗ ${e instanceof Error ? e.message : String(e)}`);
    }

    // 4. A product team files a status report.
    try {
      const product = 'ROLLE';
      const site = siteOfProject(product);
      const teamMember = adminOf(product)?.accountId ?? board;
      const rec = await record(site, product, teamMember);
      const today = new Date().toISOString().slice(0, 10);
      out(say('scenario.step4', { name: rec.name, product }));
      unwrap(
        await forge(site).invoke(
          'project-page',
          'edit',
          {
            kind: 'fileStatusReport',
            expectedRevision: rec.revision,
            input: {
              date: today,
              progress:
                'Integration til FK Organisation i test; to kommuner mere i pilot. Leverandøren er en måned forsinket.',
              rag: 'amber',
              budgetDkk: 1_800_000,
              spentDkk: 1_150_000,
              forecastDkk: 1_950_000,
            },
          },
          { accountId: teamMember, project: product },
        ),
        say('scenario.statusReportFor', { product }),
      );
      await follow(
        say('scenario.statusReportFor', { product }),
        (r) => r.status?.date === today && r.status.rag === 'amber',
        product,
      );
    } catch (e) {
      out(`      ✗ ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  return {
    runtimes,
    runScenario: async () => {
      await runScenario();
      await tamperStep();
    },
    vote,
    async close() {
      for (const f of runtimes.values()) await f.close();
    },
  };
}
