/**
 * Drives every endpoint the simulator implements through jira.js v6 (the real client), success and error paths.
 * Shared by the fidelity suite (onSchemaMismatch: 'throw') and the schema-drift audit (AUDIT_SCHEMAS=true).
 * Only jira.js *types* are imported here, so the audit can load jira.js after setting its environment.
 */
import type { CloudClient } from 'jira.js';
import type { JiraSim } from './index.js';

export type MakeClient = (cfg: { host: string; email: string; apiToken: string }) => CloudClient;

export interface ExpectedError {
  step: string;
  status: number;
  body: unknown;
  headers?: Headers;
}

/** Calls `fn`, expecting an ApiError with `status`; returns its body. */
async function expectError(step: string, status: number, fn: () => Promise<unknown>): Promise<ExpectedError> {
  try {
    await fn();
  } catch (e) {
    const err = e as { status?: number; body?: unknown; headers?: Headers; name?: string; message?: string };
    if (err.status !== status)
      throw new Error(`${step}: expected HTTP ${status}, got ${err.status ?? err.name}: ${err.message}`);
    return { step, status, body: err.body, headers: err.headers };
  }
  throw new Error(`${step}: expected HTTP ${status}, but the call succeeded`);
}

export interface ExerciseResult {
  steps: string[];
  errors: ExpectedError[];
}

export async function exerciseAll(sim: JiraSim, make: MakeClient): Promise<ExerciseResult> {
  const os2 = sim.site('os2');
  const admin = make({ host: os2.baseUrl, email: os2.admin.email, apiToken: os2.admin.apiToken });
  const app = make(os2.asApp());
  const member = make(os2.asUser('k751-karin'));
  const steps: string[] = [];
  const errors: ExpectedError[] = [];
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    try {
      const r = await fn();
      steps.push(name);
      return r;
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`, { cause: e });
    }
  };
  const fail = async (name: string, status: number, fn: () => Promise<unknown>): Promise<void> => {
    errors.push(await expectError(name, status, fn));
  };

  // server info, myself, users
  await step('serverInfo', () => admin.serverInfo.getServerInfo());
  const me = await step('myself', () => admin.myself.getCurrentUser({ expand: 'groups,applicationRoles' }));
  await step('myself as app', () => app.myself.getCurrentUser());
  await step('getUser', () => admin.users.getUser({ accountId: me.accountId! }));
  await step('getUserGroups', () => admin.users.getUserGroups({ accountId: 'k751-karin' }));
  await step('getAllUsers', () => admin.users.getAllUsers({ maxResults: 5 }));
  await step('findUsers', () => admin.userSearch.findUsers({ query: 'Karin' }));

  // projects
  const page1 = await step('searchProjects', () =>
    admin.projects.searchProjects({ maxResults: 2, expand: 'insight' }),
  );
  await step('searchProjects page 2', () =>
    admin.projects.searchProjects({ maxResults: 2, startAt: 2, orderBy: 'name' }),
  );
  if (page1.values.length !== 2 || page1.isLast) throw new Error('searchProjects paging');
  await step('getProject', () =>
    admin.projects.getProject({ projectIdOrKey: 'MO', expand: 'issueTypes,permissions,insight' }),
  );
  await step('getProject by id', () => admin.projects.getProject({ projectIdOrKey: '10001' }));
  await step('getAllStatuses', () => admin.projects.getAllStatuses({ projectIdOrKey: 'PORT' }));

  // project properties
  await step('getProjectPropertyKeys', () =>
    admin.projectProperties.getProjectPropertyKeys({ projectIdOrKey: 'MO' }),
  );
  await step('getProjectProperty', () =>
    admin.projectProperties.getProjectProperty({ projectIdOrKey: 'MO', propertyKey: 'os2-governance' }),
  );
  await step('setProjectProperty', () =>
    admin.projectProperties.setProjectProperty({
      projectIdOrKey: 'MO',
      propertyKey: 'sim-test',
      body: { a: [1, 2] },
    }),
  );
  await step('deleteProjectProperty', () =>
    admin.projectProperties.deleteProjectProperty({ projectIdOrKey: 'MO', propertyKey: 'sim-test' }),
  );

  // issue types and schemes
  await step('getIssueAllTypes', () => admin.issueTypes.getIssueAllTypes());
  const created = await step('createIssueType', () =>
    admin.issueTypes.createIssueType({ name: 'Sim-type', description: 'x', hierarchyLevel: 0 }),
  );
  await step('getIssueType', () => admin.issueTypes.getIssueType({ id: created.id! }));
  await step('getAllIssueTypeSchemes', () => admin.issueTypeSchemes.getAllIssueTypeSchemes({}));
  const scheme = await step('createIssueTypeScheme', () =>
    admin.issueTypeSchemes.createIssueTypeScheme({
      name: 'Sim scheme',
      issueTypeIds: ['10001', created.id!],
    }),
  );
  await step('getIssueTypeSchemesMapping', () =>
    admin.issueTypeSchemes.getIssueTypeSchemesMapping({
      issueTypeSchemeId: [Number(scheme.issueTypeSchemeId)],
    }),
  );
  await step('getIssueTypeSchemeForProjects', () =>
    admin.issueTypeSchemes.getIssueTypeSchemeForProjects({ projectId: [10001] }),
  );
  const bare = os2.state.addProject({ key: 'EXER', name: 'Exercise', leadAccountId: os2.admin.accountId });
  await step('assignIssueTypeSchemeToProject', () =>
    admin.issueTypeSchemes.assignIssueTypeSchemeToProject({
      issueTypeSchemeId: scheme.issueTypeSchemeId,
      projectId: bare.id,
    }),
  );
  await step('addIssueTypesToIssueTypeScheme', () =>
    admin.issueTypeSchemes.addIssueTypesToIssueTypeScheme({
      issueTypeSchemeId: Number(scheme.issueTypeSchemeId),
      issueTypeIds: ['10003'],
    }),
  );

  // statuses
  await step('getStatuses', () => admin.workflowStatuses.getStatuses());
  await step('getStatus', () => admin.workflowStatuses.getStatus({ idOrName: 'Godkendt' }));
  await step('getStatusCategories', () => admin.workflowStatusCategories.getStatusCategories());
  await step('getStatusCategory', () =>
    admin.workflowStatusCategories.getStatusCategory({ idOrKey: 'done' }),
  );

  // issues
  const adf = {
    type: 'doc',
    version: 1,
    content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hej' }] }],
  };
  const issue = await step('createIssue (ADF)', () =>
    member.issues.createIssue({
      fields: {
        project: { key: 'MO' },
        issuetype: { name: 'Udviklingsønske' },
        summary: 'Eksport til regneark',
        description: adf,
        labels: ['integration'],
      },
      properties: [{ key: 'os2-votes', value: { count: 1 } }],
    }),
  );
  await step('createIssue (wiki string, v2)', () =>
    member.issues.createIssue({
      fields: {
        project: { id: '10001' },
        issuetype: { id: '10003' },
        summary: 'Fejl',
        description: 'h1. Fejl',
      },
    }),
  );
  await step('getIssue', () =>
    member.issues.getIssue({
      issueIdOrKey: issue.key,
      expand: 'names,schema,transitions,renderedFields,changelog,operations,editmeta',
      properties: ['os2-votes'],
    }),
  );
  await step('getIssue fields', () =>
    member.issues.getIssue({ issueIdOrKey: issue.id, fields: ['summary', 'status'] }),
  );
  await step('editIssue', () =>
    member.issues.editIssue({
      issueIdOrKey: issue.key,
      fields: { summary: 'Eksport til regneark (xlsx)' },
      update: { labels: [{ add: 'rapportering' }] },
    }),
  );
  await step('editIssue returnIssue', () =>
    member.issues.editIssue({ issueIdOrKey: issue.key, fields: { labels: ['a'] }, returnIssue: true }),
  );
  const transitions = await step('getTransitions', () =>
    member.issues.getTransitions({ issueIdOrKey: issue.key }),
  );
  await step('doTransition', () =>
    member.issues.doTransition({
      issueIdOrKey: issue.key,
      transition: { id: transitions.transitions![1]!.id! },
    }),
  );
  await step('getVotes', () => member.issueVotes.getVotes({ issueIdOrKey: issue.key }));
  await step('addVote', () => admin.issueVotes.addVote({ issueIdOrKey: issue.key }));
  await step('removeVote', () => admin.issueVotes.removeVote({ issueIdOrKey: issue.key }));

  // issue properties
  await step('getIssuePropertyKeys', () =>
    member.issueProperties.getIssuePropertyKeys({ issueIdOrKey: issue.key }),
  );
  await step('setIssueProperty', () =>
    member.issueProperties.setIssueProperty({
      issueIdOrKey: issue.key,
      propertyKey: 'os2-votes',
      body: { count: 3 },
    }),
  );
  await step('getIssueProperty', () =>
    member.issueProperties.getIssueProperty({ issueIdOrKey: issue.key, propertyKey: 'os2-votes' }),
  );
  await step('bulkSetIssuePropertiesByIssue', () =>
    admin.issueProperties.bulkSetIssuePropertiesByIssue({
      issues: [{ issueID: Number(issue.id), properties: { 'sim-a': 1, 'sim-b': { x: 'y' } } }],
    }),
  );
  await step('bulkSetIssuesPropertiesList', () =>
    admin.issueProperties.bulkSetIssuesPropertiesList({
      entitiesIds: [Number(issue.id)],
      properties: { 'sim-c': true },
    }),
  );
  await step('bulkSetIssueProperty', () =>
    admin.issueProperties.bulkSetIssueProperty({
      propertyKey: 'sim-d',
      value: 7,
      filter: { entityIds: [Number(issue.id)] },
    }),
  );
  await step('bulkDeleteIssueProperty', () =>
    admin.issueProperties.bulkDeleteIssueProperty({ propertyKey: 'sim-d', entityIds: [Number(issue.id)] }),
  );
  await step('deleteIssueProperty', () =>
    member.issueProperties.deleteIssueProperty({ issueIdOrKey: issue.key, propertyKey: 'sim-a' }),
  );

  // search
  const jql =
    'project = MO AND issuetype = "Udviklingsønske" AND statusCategory != Done ORDER BY issue.property[os2-votes].count DESC';
  await step('search GET (ids)', () =>
    member.issueSearch.searchAndReconsileIssuesUsingJql({ jql, maxResults: 5 }),
  );
  const first = await step('search POST fields+properties', () =>
    member.issueSearch.searchAndReconsileIssuesUsingJqlPost({
      jql,
      maxResults: 5,
      fields: ['summary', 'status', 'labels', 'created'],
      properties: ['os2-votes'],
      expand: 'names',
    }),
  );
  await step('search POST next page', () =>
    member.issueSearch.searchAndReconsileIssuesUsingJqlPost({
      jql,
      maxResults: 5,
      nextPageToken: first.nextPageToken!,
      fields: ['*all'],
    }),
  );
  await step('countIssues', () =>
    member.issueSearch.countIssues({ jql: 'project = MO AND statusCategory != Done' }),
  );

  // groups
  await step('createGroup', () => admin.groups.createGroup({ name: 'sim-gruppe' }));
  await step('addUserToGroup', () =>
    admin.groups.addUserToGroup({ groupname: 'sim-gruppe', accountId: 'k751-karin' }),
  );
  await step('getUsersFromGroup', () =>
    admin.groups.getUsersFromGroup({ groupname: 'kommune-751', maxResults: 1 }),
  );
  await step('findGroups', () => admin.groups.findGroups({ query: 'kommune' }));
  await step('removeUserFromGroup', () =>
    admin.groups.removeUserFromGroup({ groupname: 'sim-gruppe', accountId: 'k751-karin' }),
  );
  await step('removeGroup', () => admin.groups.removeGroup({ groupname: 'sim-gruppe' }));

  // permissions
  await step('getMyPermissions', () =>
    member.permissions.getMyPermissions({
      permissions: 'BROWSE_PROJECTS,ADMINISTER_PROJECTS,ADMINISTER',
      projectKey: 'MO',
    }),
  );
  await step('getAllPermissions', () => admin.permissions.getAllPermissions());
  await step('getBulkPermissions', () =>
    admin.permissions.getBulkPermissions({
      globalPermissions: ['ADMINISTER'],
      projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], projects: [10001] }],
    }),
  );
  await step('getPermittedProjects', () =>
    member.permissions.getPermittedProjects({ permissions: ['BROWSE_PROJECTS'] }),
  );

  // webhooks (as the app)
  const reg = await step('registerDynamicWebhooks', () =>
    app.webhooks.registerDynamicWebhooks({
      url: 'http://127.0.0.1:9/hook',
      webhooks: [{ events: ['jira:issue_created', 'jira:issue_updated'], jqlFilter: 'project = MO' }],
    }),
  );
  const id = reg.webhookRegistrationResult![0]!.createdWebhookId!;
  await step('getDynamicWebhooksForApp', () => app.webhooks.getDynamicWebhooksForApp({}));
  await step('refreshWebhooks', () => app.webhooks.refreshWebhooks({ webhookIds: [id] }));
  await step('deleteWebhookById', () => app.webhooks.deleteWebhookById({ webhookIds: [id] }));

  await step('deleteIssue', () => admin.issues.deleteIssue({ issueIdOrKey: issue.key }));

  // error paths
  const bad = make({ host: os2.baseUrl, email: os2.admin.email, apiToken: 'wrong' });
  await fail('401 bad token', 401, () => bad.myself.getCurrentUser());
  await fail('403 create issue type as member', 403, () =>
    member.issueTypes.createIssueType({ name: 'Nope' }),
  );
  await fail('403 set project property as member', 403, () =>
    member.projectProperties.setProjectProperty({ projectIdOrKey: 'MO', propertyKey: 'x', body: { v: 1 } }),
  );
  await fail('404 issue', 404, () => member.issues.getIssue({ issueIdOrKey: 'MO-999999' }));
  await fail('404 project', 404, () => member.projects.getProject({ projectIdOrKey: 'NOPE' }));
  await fail('404 property', 404, () =>
    member.issueProperties.getIssueProperty({ issueIdOrKey: 'MO-1', propertyKey: 'nope' }),
  );
  await fail('400 JQL syntax', 400, () => member.issueSearch.countIssues({ jql: 'project = MO AND' }));
  await fail('400 JQL unknown field', 400, () =>
    member.issueSearch.searchAndReconsileIssuesUsingJqlPost({ jql: 'foo = bar' }),
  );
  await fail('400 unbounded JQL', 400, () =>
    member.issueSearch.searchAndReconsileIssuesUsingJqlPost({ jql: 'ORDER BY created' }),
  );
  await fail('400 property too long', 400, () =>
    member.issueProperties.setIssueProperty({
      issueIdOrKey: 'MO-1',
      propertyKey: 'big',
      body: { s: 'x'.repeat(32_768) },
    }),
  );
  await fail('400 property key too long', 400, () =>
    member.issueProperties.setIssueProperty({
      issueIdOrKey: 'MO-1',
      propertyKey: 'k'.repeat(256),
      body: { v: 1 },
    }),
  );
  await fail('400 create without summary', 400, () =>
    member.issues.createIssue({ fields: { project: { key: 'MO' }, issuetype: { name: 'Bug' } } }),
  );
  await fail('400 invalid transition', 400, () =>
    member.issues.doTransition({ issueIdOrKey: 'MO-1', transition: { id: '999' } }),
  );
  await fail('400 scheme without the types in use', 400, () =>
    admin.issueTypeSchemes.assignIssueTypeSchemeToProject({
      issueTypeSchemeId: scheme.issueTypeSchemeId,
      projectId: '10001',
    }),
  );
  os2.injectFault({ route: 'GET /rest/api/3/myself', status: 429, count: 1, retryAfterSeconds: 2 });
  await fail('429 injected', 429, () => member.myself.getCurrentUser());
  os2.injectFault({ route: '/rest/api/3/serverInfo', status: 503, count: 1 });
  await fail('503 injected', 503, () => member.serverInfo.getServerInfo());
  return { steps, errors };
}
