/**
 * What the project page's `catalogueVersions` answers (src/resolvers/catalogue-work.ts). Here so the UI bundle
 * does not load the resolver (src/shared/README.md).
 */
import type { CatalogueVersion } from '../domain/catalogue-versions';
import type { RequirementAnswer } from '../domain/governance-record';
import type { Level } from '../domain/level';

export interface CatalogueVersionsData {
  id: string;
  title: string;
  version: number;
  /** The version the record's answers were given under; null when not known (or not governed). */
  answeredVersion: number | null;
  /** Whether any requirement of the record has been answered. */
  hasAnswers: boolean;
  /** The requirements the board has demanded since `answeredVersion`, each with how it stands now. */
  newSince: { id: string; text: string; status: RequirementAnswer['status'] }[];
  /** Newest first. */
  versions: CatalogueVersion[];
  /** A member of the board's Jira group. */
  canChange: boolean;
  /** The newest version's permissions: what the board may make obligatory (a choice, not a typed id). */
  permissions: { id: string; level: Level; text: string }[];
}
