import { parentPort, workerData } from 'node:worker_threads';
import { connectServerDeps } from '../connect.ts';
import { createLineInbox, type InboxThreadData, type InboxThreadMessage } from './inbox-thread.ts';

// The LINE inbox's worker thread (inbox-thread.ts): its own connections to what its server's
// configuration names, the same dispatcher.
const { env } = workerData as InboxThreadData;
const { deps, close } = await connectServerDeps(env, 'api-line-inbox');
const inbox = createLineInbox(deps);
inbox.start();
parentPort!.on('message', (message: InboxThreadMessage) => {
  if (message === 'wake') return inbox.wake();
  parentPort!.removeAllListeners('message');
  void inbox
    .stop()
    .then(close)
    .finally(() => process.exit(0));
});
