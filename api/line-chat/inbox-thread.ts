import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Env } from '../../config/env.ts';
import type { ServerDeps } from '../deps.ts';
import { serverLineClients } from '../line-clients.ts';
import { handleLineEvent } from './events/handle.ts';
import { createLineInboxDispatcher, type LineInboxDispatcher } from './inbox.ts';
import { createInboxOrders } from './inbox-orders.ts';

/** Messages between the server and its inbox thread. */
export type InboxThreadMessage = 'wake' | 'stop';

/** The LINE inbox in the caller's event loop: the dispatcher with the "+1" lane and the event handlers. */
export function createLineInbox(deps: ServerDeps): LineInboxDispatcher {
  return createLineInboxDispatcher({
    db: deps.db,
    log: deps.log,
    handle: (tenantId, event) => handleLineEvent(deps, tenantId, event),
    orders: createInboxOrders({ ...deps, lineClientFor: serverLineClients(deps) }),
  });
}

const RESTART_MS = 1_000;

export interface LineInboxThreadOptions {
  /** Called with each thread started, the first and every one started again. */
  onThread?: (thread: Worker) => void;
}

/** What the inbox thread is started with (inbox-thread-main.ts): its server's configuration. */
export interface InboxThreadData {
  env: Env;
}

/**
 * The LINE inbox in a worker thread of its own (inbox-thread-main.ts), with its own database
 * pool and Temporal client. In a live sale, placing and answering a thousand "+1"s a second
 * keeps an event loop busy, while the webhook must still store each delivery and answer LINE
 * in milliseconds: each gets an event loop of its own. A thread that dies is started again: its
 * claims run out and the events are taken once more, as after a crashed process.
 */
export function startLineInboxThread(
  env: Env,
  log: Logger,
  options: LineInboxThreadOptions = {},
): Pick<LineInboxDispatcher, 'start' | 'wake' | 'stop'> {
  let worker: Worker | null = null;
  let stopping = false;
  let exited: Promise<void> = Promise.resolve();

  function spawn() {
    const workerData: InboxThreadData = { env };
    const thread = new Worker(new URL('./inbox-thread-main.ts', import.meta.url), { workerData });
    worker = thread;
    options.onThread?.(thread);
    exited = new Promise((resolve) => {
      thread.once('error', (error) => log.error({ err: error }, 'LINE inbox thread failed'));
      thread.once('exit', (code) => {
        worker = null;
        resolve();
        if (stopping) return;
        log.error({ code }, 'LINE inbox thread exited; starting it again');
        setTimeout(() => stopping || spawn(), RESTART_MS).unref();
      });
    });
  }

  const send = (message: InboxThreadMessage) => worker?.postMessage(message);
  let wakeQueued = false;
  return {
    start() {
      if (!worker && !stopping) spawn();
    },
    wake() {
      // Deliveries stored in one turn of the event loop wake the thread once.
      if (wakeQueued) return;
      wakeQueued = true;
      setImmediate(() => {
        wakeQueued = false;
        send('wake');
      });
    },
    async stop() {
      stopping = true;
      send('stop');
      await exited;
    },
  };
}
