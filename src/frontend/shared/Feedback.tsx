import { SectionMessage, Text } from '@forge/react';
import type { AppError } from './resolver';

/** The outcome of the last action: a refusal with its rule, or a confirmation. */
export function Feedback({ error, success }: { error?: AppError | null; success?: string | null }) {
  if (error) {
    return (
      <SectionMessage appearance="error" title={error.message}>
        {(error.issues ?? []).map((i, n) => (
          <Text key={n}>{`${i.path.join('.')}: ${i.message}`}</Text>
        ))}
      </SectionMessage>
    );
  }
  if (success) {
    return (
      <SectionMessage appearance="success" title={success}>
        <Text>{success}</Text>
      </SectionMessage>
    );
  }
  return null;
}
