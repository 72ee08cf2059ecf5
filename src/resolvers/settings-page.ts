/**
 * Resolver of the project settings page (jira:projectSettingsPage): the OS2 standard issue types checked against
 * the project, and for project administrators a button that applies them.
 *
 * - `load` {} → { project, style, present, missing, extra, canApply }
 * - `apply` {} → company-managed: missing standard types are created (or reused when they exist on the site) and
 *   added to the project's own issue type scheme; a project on the site's default scheme gets a new scheme
 *   "OS2 standard (<KEY>)" with its current types plus the missing ones. Team-managed: the missing types are
 *   created as project-scoped types. Idempotent: when nothing is missing, nothing is written.
 *
 * Only project administrators may apply (checked as the user in Jira); the changes are made as the app, which
 * holds `manage:jira-configuration`.
 */
import { Resolver } from './forge-resolver';
import { z } from 'zod';
import { isApiError } from 'jira.js';
import { actingUser } from '../app/actor';
import { appJira } from '../app/jira';
import { compareWithStandard, OS2_STANDARD_TYPES, matches } from '../app/issue-type-standard';
import {
  addIssueTypesToScheme,
  assignIssueTypeScheme,
  createIssueType,
  createIssueTypeScheme,
  issueTypeSchemeOfProject,
  listIssueTypes,
  projectIssueTypes,
  type IssueTypeInfo,
} from '../jira/issue-types';
import { resolver, projectIdOf, refuse, type Request } from './common';
import type { SettingsPageData } from '../shared/settings-page-data';

// The answer's shape is src/shared's: the page's UI bundle reads it without loading this module's imports.
export type { SettingsPageData } from '../shared/settings-page-data';

const L = z.object({ locale: z.string().optional() });

async function inspect(req: Request<unknown>): Promise<SettingsPageData> {
  const projectId = projectIdOf(req);
  const [project, user] = await Promise.all([
    projectIssueTypes(appJira(), projectId),
    actingUser({ projectId }),
  ]);
  const comparison = compareWithStandard(project.issueTypes);
  return {
    project: { id: project.id, key: project.key, style: project.style },
    present: comparison.present.map((p) => ({ standard: p.standard, name: p.type.name })),
    missing: comparison.missing.map((m) => m.name),
    extra: comparison.extra.map((e) => e.name),
    canApply: user.isProjectAdmin,
  };
}

async function apply(req: Request<unknown>) {
  const projectId = projectIdOf(req);
  const user = await actingUser({ projectId });
  if (!user.isProjectAdmin) refuse(req.locale, 'ONLY_PROJECT_ADMIN', 'error.onlyProjectAdmin');
  const jira = appJira();
  const project = await projectIssueTypes(jira, projectId);
  const { missing } = compareWithStandard(project.issueTypes);
  if (missing.length === 0)
    return { created: [] as string[], added: [] as string[], scheme: null as string | null };
  const created: string[] = [];
  const added: string[] = [];
  if (project.style === 'next-gen') {
    // Team-managed projects own their types: create the missing ones in the project's scope. Jira Cloud's public
    // REST API documents no scope for POST /rest/api/3/issuetype; where the site refuses it, the page explains the
    // manual step (Project settings → Issue types) and names the missing types.
    for (const std of missing) {
      if (std.hierarchyLevel === 1) continue; // team-managed projects have Epic built in
      try {
        await jira.issueTypes.createIssueType({
          name: std.name,
          description: std.description,
          hierarchyLevel: std.hierarchyLevel,
          ...({ scope: { type: 'PROJECT', project: { id: projectId } } } as object),
        });
      } catch (e) {
        if (isApiError(e) && e.status >= 400 && e.status < 500) {
          refuse(req.locale, 'TEAM_MANAGED_MANUAL', 'settings.teamManagedManual', {
            types: missing
              .filter((m) => m.hierarchyLevel !== 1 && !created.includes(m.name))
              .map((m) => m.name)
              .join(', '),
          });
        }
        throw e;
      }
      created.push(std.name);
    }
    return { created, added, scheme: null };
  }
  const global = await listIssueTypes(jira);
  const ids: IssueTypeInfo[] = [];
  for (const std of missing) {
    let type = global.find((t) => !t.scopeProjectId && matches(std, t));
    if (!type) {
      if (std.hierarchyLevel === 1) continue; // Epic exists on every Jira site; it cannot be created through REST
      type = await createIssueType(jira, {
        name: std.name,
        description: std.description,
        hierarchyLevel: std.hierarchyLevel,
      });
      created.push(std.name);
    }
    ids.push(type);
    added.push(type.name);
  }
  const scheme = await issueTypeSchemeOfProject(jira, projectId);
  if (!scheme || scheme.isDefault) {
    const current = project.issueTypes.filter((t) => !t.scopeProjectId).map((t) => t.id);
    const schemeId = await createIssueTypeScheme(jira, {
      name: `OS2 standard (${project.key})`,
      description: 'OS2-standardens sagstyper',
      issueTypeIds: [...new Set([...current, ...ids.map((t) => t.id)])],
      defaultIssueTypeId:
        ids.find((t) => matches(OS2_STANDARD_TYPES[0]!, t))?.id ??
        project.issueTypes.find((t) => matches(OS2_STANDARD_TYPES[0]!, t))?.id,
    });
    await assignIssueTypeScheme(jira, schemeId, projectId);
    return { created, added, scheme: schemeId };
  }
  await addIssueTypesToScheme(
    jira,
    scheme.id,
    ids.map((t) => t.id),
  );
  return { created, added, scheme: scheme.id };
}

export const settingsPageResolver = new Resolver()
  .define(
    'load',
    resolver(L, (req) => inspect(req)),
  )
  .define(
    'apply',
    resolver(L, (req) => apply(req)),
  );

export const settingsPage = settingsPageResolver.getDefinitions();
