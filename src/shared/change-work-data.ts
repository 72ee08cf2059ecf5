/**
 * What the project page's `changeWork` answers (src/resolvers/change-work.ts): the product's working groups, its
 * priority order and the published outcomes. Here so the UI bundle does not load the resolver (src/shared/README.md).
 */
import type { ChangeRequestState } from '../domain/change-request';
import type { DecisionBody } from '../domain/decision';
import type { Person } from '../domain/person';

export interface WorkingGroupView {
  id: string;
  name: string;
  members: { person: Person; municipality: string | null; municipalityName: string | null }[];
  /** Null: the secretariat convenes. */
  convenor: Person | null;
  migrated: boolean;
}

export interface RankedRequest {
  issueId: string;
  issueKey: string;
  title: string;
  place: number;
  state: ChangeRequestState;
  workingGroup: string | null;
}

export interface PublishedOutcome {
  issueKey: string;
  title: string;
  approved: boolean;
  body: DecisionBody | null;
  reason: string;
  publishedAt: string;
  workingGroup: string | null;
}

export interface ChangeWorkData {
  groups: WorkingGroupView[];
  groupsRevision: number;
  ranked: RankedRequest[];
  orderRevision: number;
  /** What the user club can follow: every published outcome, newest first. */
  published: PublishedOutcome[];
  can: { organise: boolean; reorder: boolean };
}
