/**
 * Forge's async events, as the platform runs them for `@forge/events`: `new Queue({ key }).push(events)` posts to
 * `/webhook/queue/publish/…` through `__forge_fetch__` (type 'fpp', remote 'stargate'); the platform answers 201
 * and later invokes the manifest's `consumer` function for that queue with an `AsyncEvent` per pushed event, in its
 * own invocation (as the app, no user). A consumer that throws or returns an `InvocationError` is invoked again
 * after the delay it asks for, with `retryContext`, up to {@link MAX_RETRIES} times (Atlassian's documented
 * maximum); then the event is dropped (the sync service's reconcile heals it).
 *
 * Delays are scaled by `secondMs` (default 1,000; tests use a few ms) so `delayInSeconds` and `retryAfter` are
 * modelled without waiting minutes. Every push is counted in `pushes`; `settled()` resolves when nothing is queued
 * or running.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const MAX_RETRIES = 4;
export const MAX_EVENTS_PER_PUSH = 50;

export type Consumer = (event: Record<string, unknown>) => Promise<unknown>;

const PushRequestSchema = z.object({
  queueName: z.string().regex(/^[a-zA-Z0-9-_]+$/),
  jobId: z.string().min(1),
  payload: z
    .array(
      z.object({
        body: z.record(z.string(), z.unknown()),
        delayInSeconds: z.number().min(0).max(900).optional(),
      }),
    )
    .min(1)
    .max(MAX_EVENTS_PER_PUSH),
});

export interface Delivery {
  queueName: string;
  eventId: string;
  body: Record<string, unknown>;
  retryCount: number;
  outcome: 'done' | 'retry' | 'dropped';
}

export class AsyncEventsService {
  readonly pushes: { queueName: string; events: number; at: number }[] = [];
  readonly deliveries: Delivery[] = [];
  private readonly consumers = new Map<string, Consumer>();
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(
    /** Runs a consumer as one Forge invocation of the installation (as the app). */
    private readonly invoke: <T>(fn: () => Promise<T>) => Promise<T>,
    private readonly secondMs = 1_000,
  ) {}

  consume(queueName: string, consumer: Consumer): void {
    this.consumers.set(queueName, consumer);
  }

  /** The platform's answer to a push (`POST /webhook/queue/publish/…`). */
  publish(body: unknown): Response {
    const parsed = PushRequestSchema.safeParse(body);
    if (!parsed.success) return Response.json({ errorMessage: parsed.error.message }, { status: 400 });
    const { queueName, jobId, payload } = parsed.data;
    this.pushes.push({ queueName, events: payload.length, at: Date.now() });
    for (const event of payload) {
      this.schedule(
        queueName,
        jobId,
        randomUUID(),
        event.body,
        0,
        (event.delayInSeconds ?? 0) * this.secondMs,
      );
    }
    return Response.json({}, { status: 201 });
  }

  private schedule(
    queueName: string,
    jobId: string,
    eventId: string,
    body: Record<string, unknown>,
    retryCount: number,
    delayMs: number,
  ): void {
    if (this.closed) return;
    this.inFlight += 1;
    setTimeout(() => {
      void this.deliver(queueName, jobId, eventId, body, retryCount).finally(() => {
        this.inFlight -= 1;
        if (this.inFlight === 0) for (const w of this.waiters.splice(0)) w();
      });
    }, delayMs);
  }

  private async deliver(
    queueName: string,
    jobId: string,
    eventId: string,
    body: Record<string, unknown>,
    retryCount: number,
  ): Promise<void> {
    if (this.closed) return;
    const consumer = this.consumers.get(queueName);
    if (!consumer) {
      this.deliveries.push({ queueName, eventId, body, retryCount, outcome: 'dropped' });
      return;
    }
    let retryAfterSeconds: number | undefined;
    try {
      const result = await this.invoke(() =>
        consumer({
          queueName,
          jobId,
          eventId,
          body,
          ...(retryCount > 0 ? { retryContext: { retryCount, retryReason: 'FUNCTION_RETRY_REQUEST' } } : {}),
        }),
      );
      // A retry request is what `new InvocationError(…)` or a QueueResponse after `retry()` serialise to:
      // { _retry: true, retryOptions?: { retryAfter } } (InvocationError's constructor returns that object).
      const json = JSON.parse(JSON.stringify(result ?? null)) as {
        _retry?: boolean;
        retryOptions?: { retryAfter?: number };
      } | null;
      if (json?._retry) retryAfterSeconds = json.retryOptions?.retryAfter ?? 1;
    } catch {
      retryAfterSeconds = 1;
    }
    if (retryAfterSeconds === undefined) {
      this.deliveries.push({ queueName, eventId, body, retryCount, outcome: 'done' });
      return;
    }
    if (retryCount >= MAX_RETRIES) {
      this.deliveries.push({ queueName, eventId, body, retryCount, outcome: 'dropped' });
      return;
    }
    this.deliveries.push({ queueName, eventId, body, retryCount, outcome: 'retry' });
    this.schedule(queueName, jobId, eventId, body, retryCount + 1, retryAfterSeconds * this.secondMs);
  }

  /** Resolves when every pushed event has been delivered, retried to the end, or dropped. */
  settled(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }

  close(): void {
    this.closed = true;
  }
}
