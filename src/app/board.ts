/**
 * The board roster (src/domain/board-roster.ts) from Jira: the members of the board group configured on the
 * admin page, read as the app (a user need not be allowed to browse groups for the rules to count correctly).
 */
import { isNotFoundError } from 'jira.js';
import type { BoardRoster } from '../domain/board-roster';
import { groupMemberIds } from '../jira/groups';
import { loadRoles } from './config';
import { appJira } from './jira';

export async function loadBoardRoster(): Promise<BoardRoster> {
  const { boardGroup } = await loadRoles();
  try {
    return new Set(await groupMemberIds(appJira(), boardGroup));
  } catch (e) {
    // A board group that does not exist in Jira has nobody in it.
    if (isNotFoundError(e)) return new Set();
    throw e;
  }
}
