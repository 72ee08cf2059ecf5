/**
 * Issue 15 item 2: the secretariat hears when the sync service gives a job up. Against the Jira simulator and
 * real Redis: a portfolio write refused for good (no permission to edit PORT's issues) sends exactly one notification to the
 * secretariat group on the product's portfolio issue; the same failure again sends none; a Jira that refuses
 * the notification is tried again and does not use up the cause.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mailbox, setOutgoingMail } from '../../jira-sim/resources/notify.js';
import { ConfigError, parseConfig } from '../../sync-worker/src/config.js';
import { noticeFailedJob } from '../../sync-worker/src/failure-notice.js';
import { searchPage } from '../../src/jira/search.js';
import {
  bumpGovernance,
  changeEvent,
  Cleanup,
  cleanupPrefix,
  configParts,
  portfolioIssues,
  postEvent,
  PRODUCTS,
  sleep,
  startService,
  startSim,
  uniquePrefix,
  waitFor,
} from './harness.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

const SUBJECT = /^OS2-synkronisering: et job er opgivet/;

describe('failed jobs: one notice to the secretariat per cause', () => {
  it('a portfolio write refused for good tells the secretariat once, on the product’s portfolio issue', async () => {
    const sim = await startSim();
    const prefix = uniquePrefix();
    const { file, env } = configParts(sim, prefix);
    const service = await startService(parseConfig(file, env));
    cleanup.add(() => cleanupPrefix(prefix));
    cleanup.add(() => service.close());
    cleanup.add(() => sim.close());
    const os2 = sim.site('os2');
    const notices = () => mailbox(os2.state).filter((m) => SUBJECT.test(m.subject));
    const secretariat = [...(os2.state.groups.get('os2-sekretariat')?.members ?? [])].sort();
    expect(secretariat.length).toBeGreaterThan(0);

    const product = PRODUCTS.find((p) => p.site === 'os2')!;
    await postEvent(service.address!, changeEvent(os2.baseUrl, product.projectId));
    await waitFor(
      () => portfolioIssues(sim).find((i) => i.sourceKey === product.sourceKey),
      'the product to reach the portfolio',
      20_000,
    );
    const issue = portfolioIssues(sim).find((i) => i.sourceKey === product.sourceKey)!;
    expect(notices()).toHaveLength(0);

    // Someone took the right to edit PORT's issues from everyone, the sync account too: Jira answers 403.
    const port = [...os2.state.projects.values()].find((p) => p.key === 'PORT')!;
    port.permissions.grants.set('EDIT_ISSUES', []);
    const failed = () => service.queues.portfolio.getFailedCount();
    bumpGovernance(sim, product.projectId, () => ({ level: 'N2' }));
    await postEvent(service.address!, changeEvent(os2.baseUrl, product.projectId));
    await waitFor(async () => (await failed()) === 1, 'the portfolio write to fail for good', 20_000);
    await waitFor(() => notices().length > 0, 'the notice to the secretariat', 10_000);

    // One notification: each member of the group once, on the product's portfolio issue, Danish then English.
    const first = notices();
    expect(first.map((m) => m.to.accountId).sort()).toEqual(secretariat);
    for (const m of first) {
      expect(m.issueId).toBe(issue.id);
      expect(m.subject).toContain(product.sourceKey);
      expect(m.textBody).toMatch(/Kø: portfolio\nJob: portfolio-write\nÅrsag: .*permission to edit issues/);
      expect(m.textBody).toContain('----- English -----');
      expect(m.textBody).toMatch(
        /Queue: portfolio\nJob: portfolio-write\nReason: .*permission to edit issues/,
      );
    }

    // The same cause again: the job fails again, the secretariat is not told twice.
    bumpGovernance(sim, product.projectId, () => ({ level: 'N3' }));
    await postEvent(service.address!, changeEvent(os2.baseUrl, product.projectId));
    await waitFor(async () => (await failed()) === 2, 'the second write to fail for good', 20_000);
    await sleep(500);
    expect(notices()).toHaveLength(first.length);
  });

  it('a refused notification is tried again, and when Jira keeps refusing the cause is not used up', async () => {
    const sim = await startSim();
    const prefix = uniquePrefix();
    const { file, env } = configParts(sim, prefix);
    const service = await startService(parseConfig(file, env), { workers: false });
    cleanup.add(() => cleanupPrefix(prefix));
    cleanup.add(() => service.close());
    cleanup.add(() => sim.close());
    const os2 = sim.site('os2');
    const notices = () => mailbox(os2.state).filter((m) => SUBJECT.test(m.subject));
    const ctx = service.context;
    // Not about one product (a reconcile of a whole site): it goes on the portfolio's oldest issue.
    const failure = { queue: 'sync-os2', job: 'reconcile', site: 'os2', reason: 'Jira 500: boom' };

    // No issue in PORT yet (workers are off): nothing to send it on; tried, reported, the cause released.
    expect(await noticeFailedJob(ctx, failure, { attempts: 2, retryDelayMs: 10 })).toBe('failed');

    expect(notices()).toHaveLength(0);
    const created = await ctx.portfolio.jira.issues.createIssue({
      fields: { project: { key: 'PORT' }, issuetype: { name: 'Produkt' }, summary: 'Første produkt' },
    });
    // The simulator's search lags writes, as Jira's does.
    await waitFor(
      async () =>
        (await searchPage(ctx.portfolio.jira, 'project = PORT', { maxResults: 1 })).issues.length > 0,
      'the new issue to be searchable',
      10_000,
    );

    // Outgoing mail off (Jira answers 403) the first time, on again before the retry: sent once.
    setOutgoingMail(os2.state, false);
    const sending = noticeFailedJob(ctx, failure, { attempts: 3, retryDelayMs: 200 });
    await sleep(100);
    setOutgoingMail(os2.state, true);
    expect(await sending).toBe('sent');
    expect(new Set(notices().map((m) => m.issueId))).toEqual(new Set([created.id]));
    expect(notices()[0]!.subject).toContain('sitet os2');
    const sent = notices().length;
    expect(await noticeFailedJob(ctx, failure)).toBe('already_sent');
    // Another reason is another cause.
    expect(await noticeFailedJob(ctx, { ...failure, reason: 'Jira 403: forbidden' }, { attempts: 1 })).toBe(
      'sent',
    );
    expect(notices()).toHaveLength(sent * 2);
  });

  it('the secretariat group and the notice issue come from the configuration, checked', () => {
    const file = {
      sites: [{ name: 'os2', baseUrl: 'https://os2.atlassian.net', email: 's@os2.eu', apiTokenEnv: 'T' }],
      portfolio: { site: 'os2', projectKey: 'PORT' },
    };
    const env = { OS2_EVENT_SECRET: 'a-long-enough-secret', T: 'tok' };
    expect(parseConfig(file, env).portfolio.secretariatGroup).toBe('os2-sekretariat');
    const set = parseConfig(
      { ...file, portfolio: { ...file.portfolio, secretariatGroup: 'os2-sekr', noticeIssue: 'PORT-1' } },
      env,
    );
    expect(set.portfolio).toMatchObject({ secretariatGroup: 'os2-sekr', noticeIssue: 'PORT-1' });
    const bad = () => parseConfig({ ...file, portfolio: { ...file.portfolio, noticeIssue: 'port 1' } }, env);
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/portfolio\.noticeIssue skal være en sagsnøgle/);
  });
});
