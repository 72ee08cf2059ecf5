/**
 * What the admin page's `load` answers (src/resolvers/admin-page.ts). Here so the page's UI bundle does not load
 * the resolver (src/shared/README.md).
 */
import type { Municipality } from '../domain/municipality';

export interface AdminPageData {
  /** Which Jira group holds each municipality's members. */
  directory: { group: string; municipality: Municipality }[];
  roles: { secretariatGroup: string; boardGroup: string };
  catalogue: string;
  catalogues: { id: string; title: string }[];
  syncUrl: string;
  /** The secret is write-only: only whether one is set. */
  secretSet: boolean;
  municipalities: readonly Municipality[];
}
