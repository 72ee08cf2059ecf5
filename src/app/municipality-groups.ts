/**
 * The admin page's "fill from a naming pattern" (issue 17 item 11): when the municipalities' Jira groups follow one
 * pattern (the seed's `kommune-751`, or `Aarhus Kommune`), the directory of all 98 is filled in one step instead of
 * 98 pick-and-add rounds. Only groups that exist in Jira are offered; the rest are listed as missing.
 */
import { z } from 'zod';
import { MUNICIPALITIES } from '../domain/municipalities';
import type { JiraClient } from '../jira/client';

const PLACEHOLDER = /\{(kode|code|navn|name)\}/g;

export const GroupPatternSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((p) => /\{(kode|code|navn|name)\}/.test(p), {
    message: 'Mønsteret skal indeholde {kode} eller {navn}, fx kommune-{kode}',
  });

export function groupNameFor(pattern: string, m: { code: string; name: string }): string {
  return pattern.replace(PLACEHOLDER, (_all, p: string) => (p === 'kode' || p === 'code' ? m.code : m.name));
}

export interface GroupMatch {
  entries: { group: string; municipality: { name: string; code: string } }[];
  missing: { group: string; municipality: { name: string; code: string } }[];
}

/**
 * One picker search for the pattern's longest literal part (`kommune-`), then an exact search for each name that
 * search did not show (Jira caps the picker's answer; the seed's 98 fit, a site with many more groups may not).
 * Jira's group names are case-insensitive; the directory keeps Jira's own spelling.
 */
export async function matchMunicipalityGroups(jira: JiraClient, pattern: string): Promise<GroupMatch> {
  const literal = pattern
    .split(PLACEHOLDER)
    .filter((_part, i) => i % 2 === 0)
    .sort((a, b) => b.length - a.length)[0]!
    .trim();
  const found = await jira.groups.findGroups({ query: literal, maxResults: 1000, caseInsensitive: true });
  const names = new Map((found.groups ?? []).map((g) => [String(g.name).toLowerCase(), String(g.name)]));
  const wanted = MUNICIPALITIES.map((m) => ({
    group: groupNameFor(pattern, m),
    municipality: { name: m.name, code: m.code },
  }));
  if ((found.total ?? 0) > names.size) {
    const unseen = wanted.filter((w) => !names.has(w.group.toLowerCase()));
    for (let i = 0; i < unseen.length; i += 10) {
      const answers = await Promise.all(
        unseen
          .slice(i, i + 10)
          .map((w) => jira.groups.findGroups({ query: w.group, maxResults: 5, caseInsensitive: true })),
      );
      for (const a of answers)
        for (const g of a.groups ?? []) names.set(String(g.name).toLowerCase(), String(g.name));
    }
  }
  const entries: GroupMatch['entries'] = [];
  const missing: GroupMatch['missing'] = [];
  for (const w of wanted) {
    const jiraName = names.get(w.group.toLowerCase());
    if (jiraName) entries.push({ ...w, group: jiraName });
    else missing.push(w);
  }
  return { entries, missing };
}
