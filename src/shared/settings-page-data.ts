/**
 * What the project settings page's `load` answers (src/resolvers/settings-page.ts). Here so the page's UI bundle
 * does not load the resolver (src/shared/README.md).
 */
export interface SettingsPageData {
  project: { id: string; key: string; style: 'classic' | 'next-gen' };
  /** The OS2 standard types the project has, each with the name it has there. */
  present: { standard: string; name: string }[];
  missing: string[];
  extra: string[];
  /** A project administrator (checked in Jira). */
  canApply: boolean;
}
