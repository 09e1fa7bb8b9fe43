import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import { earlierOrderCommandsHeld } from '../../db/line-chat/inbox-orders.ts';

/** How long a batch waits for another server to place earlier customers' "+1"s, and how often it looks. */
const WAIT_MS = 2_000;
const POLL_MS = 15;
/** Rows remembered as waited out; a crashed server holds a few batches at most. */
const GIVEN_UP_MAX = 10_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * With several servers, a batch claimed later must not take the stock before a batch of
 * earlier customers still on its way: the returned function waits while another server holds
 * unplaced "+1"s of the shop typed before `firstTimestamp` (apart from `ownRowIds`), so that the
 * first to type are still the first served. Never longer than WAIT_MS, so a crashed server's
 * claims (20 s) cost one wait: rows waited out are not waited for again.
 */
export function createEarlierBatchWait(deps: { db: Db; log: Logger }) {
  const givenUp = new Set<string>();
  return async function earlierBatchesPlaced(
    tenantId: string,
    firstTimestamp: number,
    ownRowIds: string[],
  ): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const held = (await earlierOrderCommandsHeld(deps.db, tenantId, firstTimestamp, ownRowIds)).filter(
        (id) => !givenUp.has(id),
      );
      if (held.length === 0) return;
      if (Date.now() >= deadline) {
        if (givenUp.size > GIVEN_UP_MAX) givenUp.clear();
        for (const id of held) givenUp.add(id);
        deps.log.warn({ tenantId, held: held.length }, 'earlier "+1"s held by another server too long; placing ours');
        return;
      }
      await sleep(POLL_MS);
    }
  };
}
