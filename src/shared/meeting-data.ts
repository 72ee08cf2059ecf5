/**
 * What the board meeting's resolver functions answer (src/resolvers/meeting.ts). Here so the global page's UI
 * bundle does not load the resolver (src/shared/README.md).
 */
import type { BoardAgenda } from '../domain/board-agenda';

export interface MeetingAgendaData {
  agenda: BoardAgenda;
  can: { record: boolean; plan: boolean };
}

/** One line of the answer to `recordMeeting`: the decision's index in the payload, and why not, in words. */
export type MeetingLine =
  | { index: number; ok: true; projectId: string; decisionId: string; revision: number }
  | { index: number; ok: false; code: string; message: string };
