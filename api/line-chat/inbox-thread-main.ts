import { parentPort } from 'node:worker_threads';
import { loadEnv } from '../../config/env.ts';
import { connectServerDeps } from '../connect.ts';
import { createLineInbox, type InboxThreadMessage } from './inbox-thread.ts';

// The LINE inbox's worker thread (inbox-thread.ts): its own connections, the same dispatcher.
const { deps, close } = await connectServerDeps(loadEnv(), 'api-line-inbox');
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
