/**
 * The app's resolver handlers, one per UI module (manifest.yml `function` entries point here):
 * `resolvers/index.projectPage`, `.settingsPage`, `.issuePanel` (also the issue glance), `.globalPage`, `.adminPage`.
 * The global page also answers the portfolio import (./import.ts) and the board meeting (./meeting.ts).
 */
import { globalPageResolver } from './global-page';
import { defineImport } from './import';
import { defineMeeting } from './meeting';

defineImport(globalPageResolver);
defineMeeting(globalPageResolver);

export { projectPage } from './project-page';
export { settingsPage } from './settings-page';
export { issuePanel } from './issue-panel';
export { globalPage } from './global-page';
export { adminPage } from './admin-page';
