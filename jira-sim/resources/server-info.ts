/** GET /rest/api/3/serverInfo (api-group-server-info) and GET /_edge/tenant_info (the site's cloudId). */
import type { Router } from '../http.js';
import { jiraDate } from '../state/represent.js';

export function register(r: Router): void {
  r.add(
    'GET',
    '/rest/api/3/serverInfo',
    ({ site }) => ({
      status: 200,
      body: {
        baseUrl: site.baseUrl,
        displayUrl: site.baseUrl,
        version: '1001.0.0-SNAPSHOT',
        versionNumbers: [1001, 0, 0],
        deploymentType: 'Cloud',
        buildNumber: 100295,
        buildDate: '2026-11-20T00:00:00.000+0000',
        serverTime: jiraDate(site.now()),
        scmInfo: '0c3e2a4cbd3b6a8f5f3f8a1e2d7c6b5a4f3e2d1c',
        serverTitle: 'Jira',
        defaultLocale: { locale: 'en_US' },
        serverTimeZone: 'Etc/UTC',
      },
    }),
    { anonymous: true },
  );
  // Jira Cloud answers this (undocumented but widely used) to tell a site's cloudId.
  r.add('GET', '/_edge/tenant_info', ({ site }) => ({ status: 200, body: { cloudId: site.cloudId } }), {
    anonymous: true,
  });
}
