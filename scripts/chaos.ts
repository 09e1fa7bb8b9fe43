import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { sandboxPost, startBenchStack } from '../bench/plusone/stack.ts';
import { confirmReservationPostbackData } from '../domain/orders/reservation.ts';
import { orderStateQuery } from '../workflows/orders/chat-order/updates.ts';
import { authConfigOf, signedInMember } from '../test/support/auth.ts';
import {
  deliverUntilAccepted as redeliverUntilAccepted,
  pause,
  seededRandom,
  terminateAppBackends,
} from '../test/support/chaos.ts';
import { writeBenchResult } from '../bench/results-file.ts';

/**
 * `npm run chaos [-- --minutes 3 --customers 300 --stock 100 --seed 1]`
 * A live sale through the real stack (LINE sandbox, API server, worker, Temporal dev server
 * with its state on disk, PostgreSQL) while a killer SIGKILLs and restarts the worker (20×),
 * the API server (10×) and the Temporal server (3×) and terminates PostgreSQL connections
 * (10×) at random moments. Customers send "+1" and 幫我留; some confirm their reservation,
 * the merchant marks some orders paid, a fifth of the messages and confirmations are
 * delivered again. Afterwards the ground truth from PostgreSQL, Temporal and the sandbox:
 * one order or one answer per event, no order without its workflow and no workflow without
 * its order, stock equal to its start minus what orders hold, every customer answered
 * exactly as often as they should be, no workflow stuck without NeedsAttention. Prints the
 * figures, writes bench/results/chaos-*.json, and exits non-zero on any violation.
 */
const { values: opts } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    customers: { type: 'string', default: '300' },
    stock: { type: 'string', default: '100' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
    'worker-kills': { type: 'string', default: '20' },
    'api-kills': { type: 'string', default: '10' },
    'temporal-kills': { type: 'string', default: '3' },
    'backend-kills': { type: 'string', default: '10' },
  },
});
const durationMs = Number(opts.minutes) * 60_000;
const customerCount = Number(opts.customers);
const STOCK = Number(opts.stock);
const planned = {
  worker: Number(opts['worker-kills']),
  api: Number(opts['api-kills']),
  temporal: Number(opts['temporal-kills']),
  backends: Number(opts['backend-kills']),
};
const random = seededRandom(Number(opts.seed));
const say = (line: string) => console.log(`[chaos] ${new Date().toISOString().slice(11, 19)} ${line}`);

const dir = mkdtempSync(join(tmpdir(), 'jiayi-chaos-'));
say(
  `seed ${opts.seed}: ${customerCount} customers, stock ${STOCK}, ${opts.minutes} min, kills planned ${JSON.stringify(planned)}`,
);
const stack = await startBenchStack({
  servers: 1,
  stock: STOCK,
  customers: customerCount,
  temporalDbFile: join(dir, 'temporal.db'),
});
const { db, sandboxUrl, channelId, tenantId } = stack;
// Reservations expire within the run, so their stock travels back during the chaos.
await db.tenant.update({ where: { id: tenantId }, data: { reservationHoldMinutes: 1 } });
const owner = await signedInMember(
  db,
  authConfigOf({ DATABASE_URL: stack.databaseUrl, SECRETS_KEY: stack.secretsKey }),
  tenantId,
  {
    role: 'owner',
  },
);

/** LINE delivers again until our server answers 200 (a dead API answers nothing). */
function deliverUntilAccepted(webhookEventId: string, status: number): Promise<boolean> {
  const redeliver = async () =>
    Number((await sandboxPost(sandboxUrl, `/_sandbox/deliveries/${webhookEventId}/redeliver`, {})).status);
  return redeliverUntilAccepted(status, redeliver, { attempts: 120, gapMs: 1000 });
}

/**
 * An admin API call that waits out a restarting server. Its retries carry the same
 * Idempotency-Key, so a change stored before the server died is not refused as 已經是….
 */
async function adminCall(path: string, body: unknown): Promise<number> {
  const key = randomUUID();
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const status = await fetch(`${stack.apiUrl}/api/t/bench${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...owner.headers },
      body: JSON.stringify(body),
    }).then(
      (r) => r.status,
      () => 0,
    );
    if (status !== 0 && status < 500) return status;
    await pause(1000);
  }
  return 0;
}

const kills = { worker: 0, api: 0, temporal: 0, backends: 0 };
const killer = (async () => {
  const plan = (Object.entries(planned) as [keyof typeof planned, number][])
    .flatMap(([kind, n]) => Array.from({ length: n }, () => ({ kind, at: random() * durationMs })))
    .sort((a, b) => a.at - b.at);
  const start = Date.now();
  for (const { kind, at } of plan) {
    await pause(Math.max(0, start + at - Date.now()));
    try {
      if (kind === 'backends') {
        await terminateAppBackends(db);
      } else {
        await stack.kill(kind);
      }
      kills[kind] += 1;
      say(`killed ${kind} (${kills[kind]}/${planned[kind]})`);
    } catch (error) {
      say(`could not kill/restart ${kind}: ${String(error)}`);
    }
  }
})();

interface Command {
  customer: string;
  kind: 'order' | 'reserve';
  webhookEventId: string;
  accepted: boolean;
  confirmedByCustomer?: boolean;
}
const commands: Command[] = [];
const merchantUpdates = { paid: 0, refused: 0 };
const problems: string[] = [];
const traffic = Promise.all(
  stack.userIds.map(async (customer) => {
    await pause(random() * durationMs * 0.8);
    const kind = random() < 0.3 ? 'reserve' : 'order';
    const sent = await sandboxPost(sandboxUrl, `/_sandbox/channels/${channelId}/messages`, {
      userId: customer,
      text: kind === 'reserve' ? '幫我留1個' : '+1',
    });
    const command: Command = { customer, kind, webhookEventId: String(sent.webhookEventId), accepted: false };
    commands.push(command);
    command.accepted = await deliverUntilAccepted(command.webhookEventId, Number(sent.status));
    if (random() < 0.2)
      await sandboxPost(sandboxUrl, `/_sandbox/deliveries/${command.webhookEventId}/redeliver`, {}).catch(() => null);

    // What follows an order: the customer confirms a reservation, the merchant marks an order paid.
    const order = await waitForOrder(command.webhookEventId, 30_000);
    if (!order) return;
    if (kind === 'reserve' && random() < 0.5) {
      await pause(random() * 20_000);
      command.confirmedByCustomer = true;
      const postback = await sandboxPost(sandboxUrl, `/_sandbox/channels/${channelId}/events`, {
        type: 'postback',
        source: { type: 'user', userId: customer },
        postback: { data: confirmReservationPostbackData(order.number) },
      });
      const ids = postback.webhookEventIds as string[];
      // A confirmation delivered twice must still be one confirmation and one answer.
      if ((await deliverUntilAccepted(ids[0]!, Number(postback.status))) && random() < 0.2) {
        await sandboxPost(sandboxUrl, `/_sandbox/deliveries/${ids[0]!}/redeliver`, {}).catch(() => null);
      }
    } else if (kind === 'order' && random() < 0.3) {
      await pause(random() * 10_000);
      const status = await adminCall(`/orders/${order.number}/status`, { to: 'paid' });
      if (status === 200) merchantUpdates.paid += 1;
      else {
        merchantUpdates.refused += 1;
        problems.push(`merchant could not mark ${order.number} paid: ${status || 'no answer'}`);
      }
    }
  }),
);

async function waitForOrder(webhookEventId: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const order = await db.order
      .findUnique({
        where: { tenantId_sourceEventId: { tenantId, sourceEventId: webhookEventId } },
        select: { number: true },
      })
      .catch(() => null);
    if (order) return order;
    // A sold-out answer means no order will come.
    const row = await db.lineWebhookEvent
      .findUnique({ where: { tenantId_webhookEventId: { tenantId, webhookEventId } }, select: { orderOutcome: true } })
      .catch(() => null);
    if ((row?.orderOutcome as { result?: { kind?: string } } | null)?.result?.kind === 'sold_out') return null;
    await pause(500);
  }
  return null;
}

await traffic;
await killer;
say(`traffic and kills done: ${commands.length} commands, kills ${JSON.stringify(kills)}; settling`);

// Settle: every event dispatched, every reservation decided (1-minute hold), every answer out.
const connection = await Connection.connect({ address: stack.temporal.address });
const temporal = new Client({ connection });
const settleDeadline = Date.now() + 5 * 60_000;
for (;;) {
  const [undispatched, pendingReservations] = await Promise.all([
    db.lineWebhookEvent.count({ where: { tenantId, dispatchedAt: null } }),
    db.order.count({ where: { tenantId, status: 'pending' } }),
  ]);
  if ((undispatched === 0 && pendingReservations === 0) || Date.now() > settleDeadline) {
    say(`settled: ${undispatched} events undispatched, ${pendingReservations} reservations pending`);
    break;
  }
  await pause(2000);
}
await pause(5000); // late duplicates would show up here

type Sent = { to: string; kind: string; messages: { text?: string }[] };
const sent = (await (await fetch(`${sandboxUrl}/_sandbox/channels/${channelId}/sent`)).json()) as Sent[];
const answersTo = new Map<string, number>();
const textsTo = new Map<string, string[]>();
for (const s of sent) {
  answersTo.set(s.to, (answersTo.get(s.to) ?? 0) + 1);
  // How it went out and how it starts: enough to tell a doubled answer's cause.
  textsTo.set(s.to, [...(textsTo.get(s.to) ?? []), `${s.kind}: ${(s.messages[0]?.text ?? '').slice(0, 24)}`]);
}
const orders = await db.order.findMany({
  where: { tenantId },
  select: {
    sourceEventId: true,
    workflowId: true,
    status: true,
    number: true,
    id: true,
    items: { select: { allocatedQuantity: true } },
  },
});
const orderByEvent = new Map(orders.map((o) => [o.sourceEventId!, o]));
const product = await db.product.findFirstOrThrow({ where: { tenantId } });
const held = orders
  .filter((o) => o.status !== 'cancelled')
  .flatMap((o) => o.items)
  .reduce((sum, i) => sum + i.allocatedQuantity, 0);

let lost = 0;
let duplicated = 0;
for (const command of commands.filter((c) => c.accepted)) {
  const order = orderByEvent.get(command.webhookEventId);
  // An order answers once; a reservation also hears when it is confirmed or expires.
  // A confirmation that came after the reservation expired is answered too (已超過保留期限).
  const lateConfirmation = command.confirmedByCustomer && order?.status === 'cancelled' ? 1 : 0;
  const expected = order && command.kind === 'reserve' ? 2 + lateConfirmation : 1;
  const got = answersTo.get(command.customer) ?? 0;
  if (got < expected) {
    lost += 1;
    problems.push(
      `${command.customer} (${command.kind}${order ? ` ${order.number} ${order.status}` : ''}): ${got} answers, expected ${expected}`,
    );
  } else if (got > expected) {
    duplicated += 1;
    const texts = (textsTo.get(command.customer) ?? []).join(' | ');
    problems.push(
      `${command.customer} (${command.kind}${order ? ` ${order.number} ${order.status}` : ''}): ${got} answers, expected ${expected}: ${texts}`,
    );
  }
}
const ordersPerEvent = new Map<string, number>();
for (const o of orders) ordersPerEvent.set(o.sourceEventId!, (ordersPerEvent.get(o.sourceEventId!) ?? 0) + 1);
const doubledOrders = [...ordersPerEvent.values()].filter((n) => n > 1).length;
duplicated += doubledOrders;

let ordersWithoutWorkflow = 0;
let stuck = 0;
let flaggedStuck = 0;
for (const order of orders) {
  const handle = temporal.workflow.getHandle(order.workflowId);
  const described = await handle.describe().catch(() => null);
  if (!described) {
    ordersWithoutWorkflow += 1;
    problems.push(`order ${order.number} has no workflow`);
    continue;
  }
  const state = await handle.query(orderStateQuery).catch(() => null);
  const failing = (described.raw.pendingActivities ?? []).some((a) => (a.attempt ?? 0) >= 3);
  if (state?.outcome === 'placing' || failing) {
    const flagged = described.searchAttributes?.NeedsAttention?.[0] === true;
    if (flagged) flaggedStuck += 1;
    else {
      stuck += 1;
      problems.push(`order ${order.number}: workflow stuck (${state?.outcome ?? 'no state'})`);
    }
  }
}
let workflowsWithoutOrder = 0;
const orderIds = new Set(orders.map((o) => o.id));
let workflows = 0;
for await (const wf of temporal.workflow.list({ query: 'WorkflowType = "chatOrderWorkflow"' })) {
  workflows += 1;
  const state = await temporal.workflow
    .getHandle(wf.workflowId)
    .query(orderStateQuery)
    .catch(() => null);
  if (state?.outcome === 'placed' && state.orderId && !orderIds.has(state.orderId)) {
    workflowsWithoutOrder += 1;
    problems.push(`workflow ${wf.workflowId} holds order ${state.orderId}, which is not in the database`);
  }
}
const accepted = commands.filter((c) => c.accepted).length;
if (workflows < accepted) problems.push(`${accepted - workflows} accepted commands have no workflow`);
const stockBalanced = product.stock + held === STOCK && product.stock >= 0;
if (!stockBalanced) problems.push(`stock ${product.stock} + held ${held} ≠ ${STOCK}`);

const result = {
  benchmark: 'chaos',
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version },
  input: { seed: Number(opts.seed), minutes: Number(opts.minutes), customers: customerCount, stock: STOCK, planned },
  killsSurvived: kills,
  traffic: {
    commands: commands.length,
    accepted,
    reservations: commands.filter((c) => c.kind === 'reserve').length,
    customerConfirmations: commands.filter((c) => c.confirmedByCustomer).length,
    merchantUpdates,
    answersSent: sent.length,
  },
  outcome: {
    orders: orders.length,
    cancelled: orders.filter((o) => o.status === 'cancelled').length,
    workflows,
    stockLeft: product.stock,
    unitsHeld: held,
    stockBalanced,
    lost,
    duplicated,
    ordersWithoutWorkflow,
    workflowsWithoutOrder: workflowsWithoutOrder + Math.max(0, accepted - workflows),
    stuck,
    stuckButFlagged: flaggedStuck,
  },
  problems: problems.slice(0, 50),
};
const file = writeBenchResult('chaos', result);
say(`written to ${file}`);

await connection.close();
await stack.stop();
rmSync(dir, { recursive: true, force: true });
const ok =
  problems.length === 0 && Object.entries(planned).every(([kind, n]) => kills[kind as keyof typeof kills] === n);
process.exit(ok ? 0 : 1);
