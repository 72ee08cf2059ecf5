/**
 * Storage of polls (seed 000; the rules are the domain's, src/domain/poll.ts). The poll is stored without its
 * answers; each municipality's answer has its own key (`pollans:<pollId>:<kommunekode>`), so two municipalities
 * answering at once never overwrite each other. `withAnswers` puts them back together for the domain.
 */
import { z } from 'zod';
import { PollAnswerSchema, PollSchema, type Poll, type PollAnswer } from '../domain/poll';
import { getJson, keys, putJson, queryAll } from './storage';

export const StoredPollSchema = z.strictObject({
  issueId: z.string().regex(/^\d+$/),
  projectId: z.string().regex(/^\d+$/),
  poll: PollSchema,
});
export type StoredPoll = z.infer<typeof StoredPollSchema>;

export async function loadPolls(issueId: string): Promise<StoredPoll[]> {
  const rows = await queryAll<unknown>(keys.pollPrefix(issueId));
  return rows
    .map((r) => StoredPollSchema.parse(r.value))
    .sort((a, b) => a.poll.openedAt.localeCompare(b.poll.openedAt));
}
export async function loadPoll(issueId: string, pollId: string): Promise<StoredPoll | undefined> {
  return getJson(keys.poll(issueId, pollId), StoredPollSchema);
}
export async function savePoll(stored: StoredPoll): Promise<void> {
  await putJson(keys.poll(stored.issueId, stored.poll.id), StoredPollSchema, {
    ...stored,
    poll: { ...stored.poll, answers: {} },
  });
}
export async function loadAnswers(pollId: string): Promise<PollAnswer[]> {
  const rows = await queryAll<unknown>(keys.pollAnswerPrefix(pollId));
  return rows.map((r) => PollAnswerSchema.parse(r.value));
}
export async function saveAnswer(pollId: string, answer: PollAnswer): Promise<void> {
  await putJson(keys.pollAnswer(pollId, answer.municipality), PollAnswerSchema, answer);
}
/** The poll with every stored answer, as the domain's functions take it. */
export async function withAnswers(poll: Poll): Promise<Poll> {
  const answers = await loadAnswers(poll.id);
  return { ...poll, answers: Object.fromEntries(answers.map((a) => [a.municipality, a])) };
}
