/**
 * Which of the simulator's operations Jira Cloud answers for the anonymous user: those whose `security` in
 * Atlassian's OpenAPI description (/work/shared/openapi/jira-platform-swagger-v3.v3.json) holds an empty entry
 * `{}` besides `basicAuth` and `OAuth2`. `jira-sim/test/anonymous.test.ts` checks this list against the
 * description, so it cannot drift from it. With a bad, expired or revoked token Jira serves these as the
 * anonymous user (200 with what anonymous may see); every other operation, `/myself` among them, answers 401.
 */
export const ANONYMOUS_OPERATIONS: ReadonlySet<string> = new Set([
  'GET /rest/api/3/serverInfo',
  'GET /rest/api/3/user',
  'GET /rest/api/3/user/groups',
  'GET /rest/api/3/users',
  'GET /rest/api/3/users/search',
  'GET /rest/api/3/user/search',
  'GET /rest/api/3/project/search',
  'GET /rest/api/3/project',
  'GET /rest/api/3/project/{projectIdOrKey}',
  'GET /rest/api/3/project/{projectIdOrKey}/statuses',
  'GET /rest/api/3/project/{projectIdOrKey}/properties',
  'GET /rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}',
  'PUT /rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}',
  'DELETE /rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}',
  'GET /rest/api/3/issue/{issueIdOrKey}/properties',
  'GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
  'PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
  'DELETE /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
  'POST /rest/api/3/issue',
  'PUT /rest/api/3/issue/{issueIdOrKey}',
  'GET /rest/api/3/issue/{issueIdOrKey}',
  'DELETE /rest/api/3/issue/{issueIdOrKey}',
  'GET /rest/api/3/issue/{issueIdOrKey}/transitions',
  'POST /rest/api/3/issue/{issueIdOrKey}/transitions',
  'GET /rest/api/3/issue/{issueIdOrKey}/votes',
  'POST /rest/api/3/issue/{issueIdOrKey}/votes',
  'DELETE /rest/api/3/issue/{issueIdOrKey}/votes',
  'POST /rest/api/3/issue/{issueIdOrKey}/notify',
  'GET /rest/api/3/search/jql',
  'POST /rest/api/3/search/jql',
  'POST /rest/api/3/search/approximate-count',
  'GET /rest/api/3/search',
  'POST /rest/api/3/search',
  'GET /rest/api/3/issuetype',
  'POST /rest/api/3/issuetype',
  'GET /rest/api/3/issuetype/project',
  'GET /rest/api/3/issuetype/{id}',
  'GET /rest/api/3/status',
  'GET /rest/api/3/status/{idOrName}',
  'GET /rest/api/3/statuscategory',
  'GET /rest/api/3/statuscategory/{idOrKey}',
  'GET /rest/api/3/groups/picker',
  'GET /rest/api/3/mypermissions',
  'GET /rest/api/3/permissions',
  'POST /rest/api/3/permissions/check',
  'POST /rest/api/3/permissions/project',
]);

/** POST operations that only read (the anonymous user may call them; they change nothing). */
const READ_POSTS = new Set([
  'POST /rest/api/3/search/jql',
  'POST /rest/api/3/search/approximate-count',
  'POST /rest/api/3/search',
  'POST /rest/api/3/permissions/check',
  'POST /rest/api/3/permissions/project',
]);

export function allowsAnonymous(method: string, template: string): boolean {
  return ANONYMOUS_OPERATIONS.has(`${method} ${template}`);
}

/** A write the anonymous user attempts: Jira needs a permission anonymous never has on our sites. */
export function isAnonymousWrite(method: string, template: string): boolean {
  const op = `${method} ${template}`;
  return method !== 'GET' && !READ_POSTS.has(op);
}
