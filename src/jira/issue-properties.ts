import { isNotFoundError } from 'jira.js';
import type { JiraClient } from './client';

/** The value of an issue property, or undefined when the issue has none (404). One call. */
export async function getIssueProperty(
  jira: JiraClient,
  issueIdOrKey: string,
  propertyKey: string,
): Promise<unknown> {
  try {
    const property = await jira.issueProperties.getIssueProperty({ issueIdOrKey, propertyKey });
    return property.value;
  } catch (err) {
    if (isNotFoundError(err)) return undefined;
    throw err;
  }
}

/** Sets an issue property (Jira's limit: 32,768 characters per value). One call. */
export async function setIssueProperty(
  jira: JiraClient,
  issueIdOrKey: string,
  propertyKey: string,
  value: Record<string, unknown>,
): Promise<void> {
  const size = JSON.stringify(value).length;
  if (size > 32_768) {
    throw new Error(`Egenskaben ${propertyKey} er ${size} tegn; Jira tillader højst 32768`);
  }
  await jira.issueProperties.setIssueProperty({ issueIdOrKey, propertyKey, body: value });
}
