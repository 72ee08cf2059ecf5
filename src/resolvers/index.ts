/**
 * The app's resolver handlers, one per UI module (manifest.yml `function` entries point here):
 * `resolvers/index.projectPage`, `.settingsPage`, `.issuePanel` (also the issue glance), `.globalPage`, `.adminPage`.
 */
export { projectPage } from './project-page.js';
export { settingsPage } from './settings-page.js';
export { issuePanel } from './issue-panel.js';
export { globalPage } from './global-page.js';
export { adminPage } from './admin-page.js';
