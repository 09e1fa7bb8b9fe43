import type { ServerDeps } from './deps.ts';

const SWEEP_MS = 2_000;

/**
 * The loop of a webhook inbox: claims stored events in batches, hands each to `handle`, marks it
 * dispatched, or keeps its error and retries it with backoff; sleeps between sweeps unless woken
 * by a new event. `start` on the server's onReady, `stop` on its onClose.
 */
export function createInboxDispatcher<E extends { id: string; event_id: string; attempts: number }, R = void>(
  deps: Pick<ServerDeps, 'log'>,
  inbox: {
    name: string;
    claim: () => Promise<E[]>;
    /** Handles one event; what it answers goes to `done` (the shop it concerned, say). */
    handle: (event: E) => Promise<R>;
    done: (id: string, result: R) => Promise<void>;
    failed: (id: string, backoffMs: number, error: string) => Promise<void>;
  },
) {
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  /** A wake that came during a sweep: sweep again at once instead of sleeping. */
  let woken = false;
  let loop: Promise<void> | null = null;

  async function sweep(): Promise<void> {
    for (;;) {
      const claimed = await inbox.claim();
      if (claimed.length === 0) return;
      for (const event of claimed) {
        try {
          await inbox.done(event.id, await inbox.handle(event));
        } catch (error) {
          deps.log.warn(
            { err: error, eventId: event.event_id, attempts: event.attempts },
            `${inbox.name} event dispatch failed; will retry`,
          );
          await inbox.failed(event.id, Math.min(60_000, 500 * 2 ** Math.min(event.attempts, 7)), String(error));
        }
      }
    }
  }

  async function run(): Promise<void> {
    while (!stopped) {
      woken = false;
      await sweep().catch((error: unknown) => deps.log.error({ err: error }, `${inbox.name} inbox sweep failed`));
      if (stopped) return;
      if (woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, SWEEP_MS);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = null;
    }
  }

  return {
    start() {
      loop ??= run();
    },
    wake() {
      woken = true;
      wakeUp?.();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
    },
  };
}
