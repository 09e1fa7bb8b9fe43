import { setTimeout as sleep } from 'node:timers/promises';
import { v5 as uuidv5 } from 'uuid';
import type { LineClient, LineMessage } from './client.ts';
import { LineApiError } from './errors.ts';

/**
 * Sending one message to many users through LINE's multicast: at most 500 user IDs a call and
 * 200 calls a second per channel (LINE's published limits; the sandbox enforces both). Calls
 * start evenly spaced under the limit, a few in flight at once; a call LINE still refuses as
 * over the rate waits and goes again with the same retry key, so nobody gets the message twice.
 */

export const MULTICAST_MAX_RECIPIENTS = 500;
export const MULTICAST_PER_SECOND = 200;
/** Paced a tenth under LINE's limit: arrival jitter must not push a second over it. */
const PACE_PER_SECOND = Math.floor(MULTICAST_PER_SECOND * 0.9);
const RETRY_KEY_NAMESPACE = '7d5f3a52-4f0e-4c36-9a53-8a2f4f0c9e61';

/** The recipients in LINE's batches, in order. */
export function multicastBatches(userIds: readonly string[], size = MULTICAST_MAX_RECIPIENTS): string[][] {
  const batches: string[][] = [];
  for (let i = 0; i < userIds.length; i += size) batches.push(userIds.slice(i, i + size));
  return batches;
}

/** Batch `index` of the send named `sendKey` (e.g. a campaign run): a UUID, the same on every retry. */
export function batchRetryKey(sendKey: string, index: number): string {
  return uuidv5(`${sendKey}:${index}`, RETRY_KEY_NAMESPACE);
}

export interface MulticastReport {
  recipients: number;
  calls: number;
  /** Batches LINE had already accepted under their key (a re-run of the same send). */
  duplicates: number;
  /** Calls LINE refused as over its rate limit and that were sent again. */
  rateLimited: number;
  ms: number;
}

const isRateLimited = (error: unknown) =>
  error instanceof LineApiError && error.status === 429 && !error.isQuotaExceeded;

export async function multicastAll(
  client: Pick<LineClient, 'multicast'>,
  userIds: readonly string[],
  messages: LineMessage[],
  opts: { sendKey: string; perSecond?: number; inFlight?: number },
): Promise<MulticastReport> {
  const started = performance.now();
  const batches = multicastBatches(userIds);
  const spacing = 1000 / Math.min(opts.perSecond ?? PACE_PER_SECOND, PACE_PER_SECOND);
  const report = { recipients: userIds.length, calls: 0, duplicates: 0, rateLimited: 0 };
  let nextStart = started;
  // Each call takes the next start time, so starts stay spaced however the calls interleave.
  const slot = async () => {
    const at = Math.max(nextStart, performance.now());
    nextStart = at + spacing;
    const wait = at - performance.now();
    if (wait > 0) await sleep(wait);
  };
  const send = async (index: number) => {
    for (;;) {
      await slot();
      report.calls++;
      try {
        if ((await client.multicast(batches[index]!, messages, batchRetryKey(opts.sendKey, index))) === 'duplicate')
          report.duplicates++;
        return;
      } catch (error) {
        if (!isRateLimited(error)) throw error;
        report.rateLimited++;
        await sleep(1000);
      }
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < batches.length) await send(next++);
  };
  await Promise.all(Array.from({ length: Math.min(opts.inFlight ?? 8, batches.length) }, worker));
  return { ...report, ms: Math.round(performance.now() - started) };
}
