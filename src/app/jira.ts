/** The app's two Jira identities, over Forge's requestJira (src/jira/forge-transport.ts). */
import { forgeJira } from '../jira/forge-transport';
import type { JiraClient } from '../jira/client';

/** Calls as the app: for writes the user may not make directly (signed mirrors), and configuration reads. */
export const appJira = (): JiraClient => forgeJira('app');
/** Calls as the invoking user: Jira applies that user's permissions (what they can see, what they administer). */
export const userJira = (): JiraClient => forgeJira('user');
