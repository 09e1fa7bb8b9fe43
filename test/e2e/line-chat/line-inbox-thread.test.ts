import { randomBytes } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createSecretBox } from '../../../db/secret-box.ts';
import { startLineSandbox, type RunningSandbox } from '../../../sandbox/line/testing.ts';
import { startApiServer, type ApiServer } from '../../support/api-server.ts';
import { createSandboxUser, sendChat, sentTo } from '../../support/line-sandbox.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';
import { waitFor, type Stack } from '../../support/stack.ts';

// The server as `node api/main.ts` runs it, in this process so that its inbox thread can be
// killed alone: the LINE sandbox, this file's database, the run's Temporal server.
let sandbox: RunningSandbox;
let server: ApiServer;
let shop: Pick<Stack, 'apiUrl' | 'sandboxUrl' | 'db' | 'secrets'>;
let tenant: TestTenant;
const threads: Worker[] = [];

beforeAll(async () => {
  sandbox = await startLineSandbox();
  server = await startApiServer({
    label: 'inbox_thread',
    database: 'db',
    poolSize: 4,
    env: {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: `inbox-thread-${randomBytes(4).toString('hex')}`,
      LINE_API_BASE_URL: sandbox.url,
      LINE_DATA_API_BASE_URL: sandbox.url,
    },
    lineInboxThread: { onThread: (thread) => threads.push(thread) },
  });
  shop = {
    apiUrl: server.baseUrl,
    sandboxUrl: sandbox.url,
    db: server.db,
    secrets: createSecretBox(server.env.SECRETS_KEY),
  };
  tenant = await createTestTenant(shop as Stack, {
    products: [{ code: '261205001', name: '限量福袋', price: 600, stock: 10 }],
  });
});
afterAll(async () => {
  await server?.close();
  await sandbox?.close();
});

async function answerTo(customer: string) {
  return waitFor(
    `the answer to ${customer}`,
    async () => {
      const sent = await sentTo(shop, tenant, customer);
      return sent.length > 0 ? sent : undefined;
    },
    30_000,
  );
}

it('an inbox thread that dies is started again, and the next "+1" is answered by reply', async () => {
  const before = await createSandboxUser(shop, '重啟前的顧客');
  await sendChat(shop, tenant, before, '+1');
  expect((await answerTo(before))[0]!.messages[0]!.text).toContain('NT$600');
  expect(threads).toHaveLength(1);

  // The thread dies (as on an uncaught error in it); the server stays up and answers LINE.
  const first = threads[0]!;
  const exited = new Promise((resolve) => first.once('exit', resolve));
  await first.terminate();
  await exited;
  const after = await createSandboxUser(shop, '重啟後的顧客');
  const delivery = await sendChat(shop, tenant, after, '+1');
  expect(delivery.status).toBe(200);

  const [answer] = await answerTo(after);
  expect(threads).toHaveLength(2);
  expect(answer!.kind).toBe('reply');
  expect(answer!.messages[0]!.text).toContain('NT$600');
  const orders = await server.db.order.count({ where: { tenantId: tenant.id } });
  expect(orders).toBe(2);
});
