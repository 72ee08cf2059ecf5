import { isNotFoundError } from 'jira.js';
import type { JiraClient } from './client';

/** The value of a project property, or undefined when the project has no such property (404). One call. */
export async function getProjectProperty(
  jira: JiraClient,
  projectIdOrKey: string,
  propertyKey: string,
): Promise<unknown> {
  try {
    const property = await jira.projectProperties.getProjectProperty({ projectIdOrKey, propertyKey });
    return property.value;
  } catch (err) {
    if (isNotFoundError(err)) return undefined;
    throw err;
  }
}

export async function setProjectProperty(
  jira: JiraClient,
  projectIdOrKey: string,
  propertyKey: string,
  value: Record<string, unknown>,
): Promise<void> {
  await jira.projectProperties.setProjectProperty({ projectIdOrKey, propertyKey, body: value });
}
