/**
 * What the issue panel's `load` answers (src/resolvers/issue-panel.ts). Here so the panel's UI bundle does not
 * load the resolver (src/shared/README.md).
 */
import type { ChangeRequest } from '../domain/change-request';
import type { Municipality } from '../domain/municipality';
import type { Poll, PollTally } from '../domain/poll';
import type { Vote, VoteTally } from '../domain/vote';

export type PanelPoll = Poll & { open: boolean; result: PollTally };

export interface IssuePanelData {
  issue: { id: string; key: string; summary: string; isFeatureRequest: boolean };
  tally: VoteTally;
  /** By municipality name (Danish order). */
  votes: (Vote & { municipalityName: string })[];
  /** The user's municipalities, whether each may vote here, and its vote. */
  myMunicipalities: (Municipality & { eligible: boolean; vote: Vote | null })[];
  canVote: boolean;
  isSecretariat: boolean;
  canAssess: boolean;
  polls: PanelPoll[];
  changeRequest: ChangeRequest | null;
  /** The product's working groups to assign to (convenor by display name). */
  workingGroups: { id: string; name: string; convenor: string | null }[];
  /** The request's place in the product's priority order. */
  place: { place: number; of: number } | null;
  /** The product's approved development frame, which a change request's financing is checked against. */
  frameDkk: number | null;
  /** Every municipality on the directory, for the secretariat to choose who may answer a poll. */
  allMunicipalities: { code: string; name: string }[];
}
