/**
 * The OS2 standard issue types every product project uses (so feature requests, bugs and tasks compare across
 * products). A project's type matches a standard type by its Danish name or an accepted English alias.
 */
import type { IssueTypeInfo } from '../jira/issue-types';

export interface StandardType {
  /** The name created when the type is missing. */
  name: string;
  aliases: string[];
  hierarchyLevel: 1 | 0 | -1;
  description: string;
}

export const OS2_STANDARD_TYPES: readonly StandardType[] = [
  {
    name: 'Udviklingsønske',
    aliases: ['Feature request'],
    hierarchyLevel: 0,
    description: 'Et udviklingsønske fra en eller flere kommuner.',
  },
  { name: 'Fejl', aliases: ['Bug'], hierarchyLevel: 0, description: 'En fejl i produktet.' },
  { name: 'Opgave', aliases: ['Task'], hierarchyLevel: 0, description: 'En opgave.' },
  { name: 'Epic', aliases: [], hierarchyLevel: 1, description: 'En samling af relaterede sager.' },
  {
    name: 'Underopgave',
    aliases: ['Subtask', 'Sub-task'],
    hierarchyLevel: -1,
    description: 'En del af en større opgave.',
  },
];

const norm = (s: string) => s.trim().toLocaleLowerCase('da');
export const matches = (std: StandardType, t: Pick<IssueTypeInfo, 'name'>) =>
  [std.name, ...std.aliases].some((n) => norm(n) === norm(t.name));

export interface Comparison {
  present: { standard: string; type: IssueTypeInfo }[];
  missing: StandardType[];
  extra: IssueTypeInfo[];
}

export function compareWithStandard(types: readonly IssueTypeInfo[]): Comparison {
  const present: Comparison['present'] = [];
  const missing: StandardType[] = [];
  for (const std of OS2_STANDARD_TYPES) {
    const found = types.find((t) => matches(std, t));
    if (found) present.push({ standard: std.name, type: found });
    else missing.push(std);
  }
  const extra = types.filter((t) => !OS2_STANDARD_TYPES.some((std) => matches(std, t)));
  return { present, missing, extra };
}
