/**
 * The site's base URL (e.g. https://os2.atlassian.net), which change events carry so the sync service knows the
 * source site. Forge's context usually has it (`siteUrl`); otherwise it is read once from Jira (`serverInfo`, as
 * the app) and kept in storage.
 */
import { z } from 'zod';
import { appJira } from './jira';
import { getJson, putJson } from './storage';

const SiteSchema = z.strictObject({ url: z.url() });

export async function siteUrl(hint?: unknown): Promise<string> {
  if (typeof hint === 'string' && /^https?:\/\//.test(hint)) return hint;
  const cached = await getJson('cfg:site', SiteSchema);
  if (cached) return cached.url;
  const info = await appJira().serverInfo.getServerInfo();
  const url = String(info.baseUrl ?? '');
  await putJson('cfg:site', SiteSchema, { url });
  return url;
}
