import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import pg from 'pg';
import { mapConcurrent, percentile, round } from '../bench/stats.ts';
import { sandboxPost, startBenchStack, type BenchStack, type ServerProbe } from '../bench/plusone/stack.ts';
import { writeBenchResult } from '../bench/results-file.ts';

/**
 * `npm run bench:plusone [-- --customers 1000 --stock 300 --burst-ms 1000 --redeliver 0.1 --servers 1,2]`
 * A live sale: `customers` distinct LINE users send "+1" for one product of `stock` units, all
 * within `burst-ms`, through the LINE sandbox, the API server(s), the worker(s), a Temporal
 * dev server and PostgreSQL; a share of the events is then redelivered. It waits until every
 * customer has an answer and every event its workflow, checks the guarantees (no oversell,
 * nothing lost or duplicated, one answer each) and prints the figures; with `--servers 1,2`
 * it runs once with one API server and worker and once with two of each, side by side.
 * Each run also measures bare workflows (start, one no-op activity, complete) on its server.
 */
const { values: opts } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000' },
    stock: { type: 'string', default: '300' },
    'burst-ms': { type: 'string', default: '1000' },
    redeliver: { type: 'string', default: '0' },
    servers: { type: 'string', default: '1' },
  },
});
const customers = Number(opts.customers);
const stock = Number(opts.stock);
const burstMs = Number(opts['burst-ms']);
const redeliverShare = Number(opts.redeliver);
const scales = opts.servers.split(',').map(Number);
const say = (line: string) => console.log(`[bench] ${line}`);

const runs = [];
for (const servers of scales) {
  say(`${servers} API server(s) and worker(s): ${customers} × "+1" within ${burstMs} ms against stock ${stock}`);
  const stack = await startBenchStack({ servers, stock, customers });
  let run;
  try {
    run = await runBurst(stack);
  } finally {
    const probes = await stack.stop();
    if (run) runs.push({ servers, workers: servers, ...run, server: serverFigures(probes) });
  }
}

const result = {
  benchmark: 'plusone',
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version },
  input: { customers, stock, burstMs, redeliverShare },
  runs,
};
const file = writeBenchResult(`plusone-${customers}`, result);
say(`written to ${file}`);
const broken = runs.some((r) => r.guarantees.oversell > 0 || r.guarantees.lost > 0 || r.guarantees.duplicated > 0);
process.exit(broken ? 1 : 0);

async function runBurst(stack: BenchStack) {
  const { sandboxUrl, channelId, userIds } = stack;
  const typedAt = new Map<string, number>();
  const customerOf = new Map<string, string>();
  const statuses = new Map<number, number>();
  const burstStart = Date.now();
  // The customers type at their moments, spread over the burst; the sandbox (LINE) makes each
  // message at its moment and delivers it as its own webhook. One request carries them all, so
  // that standing in for a thousand phones costs this machine next to nothing.
  const { sent: delivered } = (await sandboxPost(sandboxUrl, `/_sandbox/channels/${channelId}/bursts`, {
    messages: userIds.map((userId, i) => ({ userId, text: '+1', afterMs: Math.floor((i * burstMs) / userIds.length) })),
  })) as { sent: { userId: string; webhookEventId: string; timestamp: number; status: number }[] };
  for (const d of delivered) {
    typedAt.set(d.userId, d.timestamp);
    customerOf.set(d.webhookEventId, d.userId);
    statuses.set(d.status, (statuses.get(d.status) ?? 0) + 1);
  }
  const eventIds = delivered.map((d) => d.webhookEventId);
  const sendsDoneMs = Date.now() - burstStart;

  // LINE redelivers what it could not confirm; the shop must treat each as the event it already has.
  const redelivered = eventIds.filter(() => Math.random() < redeliverShare);
  await mapConcurrent(redelivered, 50, (id) => sandboxPost(sandboxUrl, `/_sandbox/deliveries/${id}/redeliver`, {}));

  type Sent = { id: number; to: string; kind: string; at: string };
  let sent: Sent[] = [];
  const deadline = Date.now() + 10 * 60_000;
  // Only what is new at each look: the whole list ten times a second would cost the sandbox
  // (and so the run it measures) more than a little.
  for (;;) {
    const since = sent.at(-1)?.id ?? 0;
    const fresh = (await (
      await fetch(`${sandboxUrl}/_sandbox/channels/${channelId}/sent?after=${since}`)
    ).json()) as Sent[];
    sent.push(...fresh);
    if (new Set(sent.map((s) => s.to)).size >= userIds.length || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const firstAnswer = new Map<string, Sent>();
  const answersPer = new Map<string, number>();
  for (const s of sent) {
    answersPer.set(s.to, (answersPer.get(s.to) ?? 0) + 1);
    if (!firstAnswer.has(s.to)) firstAnswer.set(s.to, s);
  }
  const answerMs = [...firstAnswer].map(([to, s]) => Date.parse(s.at) - typedAt.get(to)!);
  const lastAnsweredMs = Math.max(...[...firstAnswer.values()].map((s) => Date.parse(s.at))) - burstStart;

  // The order's life runs on: every event gets its workflow, after the answer if need be.
  const connection = await Connection.connect({ address: stack.temporal.address });
  const temporal = new Client({ connection });
  while (Date.now() < deadline) {
    if ((await temporal.workflow.count('WorkflowType = "chatOrderWorkflow"')).count >= userIds.length) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const everyWorkflowMs = Date.now() - burstStart;
  await new Promise((r) => setTimeout(r, 2000)); // late duplicates would show up here
  sent = (await (await fetch(`${sandboxUrl}/_sandbox/channels/${channelId}/sent`)).json()) as Sent[];
  answersPer.clear();
  for (const s of sent) answersPer.set(s.to, (answersPer.get(s.to) ?? 0) + 1);
  const workflows = (await temporal.workflow.count('WorkflowType = "chatOrderWorkflow"')).count;
  await connection.close();

  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  const {
    rows: [totals],
  } = await client.query<{
    orders: number;
    allocated: number;
    stock: number;
    events: number;
    winners_first: number;
    dup_orders: number;
  }>(
    // Customers who typed in the same millisecond share a rank: either of them may fairly win.
    `WITH ranked AS (
       SELECT webhook_event_id, rank() OVER (ORDER BY payload->'timestamp') AS rank
       FROM line_webhook_events)
     SELECT (SELECT count(*)::int FROM orders) AS orders,
            (SELECT coalesce(sum(allocated_quantity), 0)::int FROM order_items) AS allocated,
            (SELECT stock FROM products) AS stock,
            (SELECT count(*)::int FROM line_webhook_events) AS events,
            (SELECT count(*)::int FROM orders o JOIN ranked r ON r.webhook_event_id = o.source_event_id
              WHERE r.rank <= $1) AS winners_first,
            (SELECT count(*)::int FROM (SELECT source_event_id FROM orders GROUP BY 1 HAVING count(*) > 1) d) AS dup_orders`,
    [stock],
  );
  // Where each answer's time went: to the stored event, to the answer's sending, to LINE having it.
  const { rows: timings } = await client.query<{ webhook_event_id: string; stored: Date; replying: Date | null }>(
    `SELECT webhook_event_id, received_at AS stored, reply_attempted_at AS replying FROM line_webhook_events`,
  );
  await client.end();
  const stages = { toStoredMs: [] as number[], storedToReplyingMs: [] as number[], replyingToAnswerMs: [] as number[] };
  for (const t of timings) {
    const userId = customerOf.get(t.webhook_event_id);
    const answer = userId ? firstAnswer.get(userId) : undefined;
    if (!userId || !answer || !t.replying) continue;
    stages.toStoredMs.push(t.stored.getTime() - typedAt.get(userId)!);
    stages.storedToReplyingMs.push(t.replying.getTime() - t.stored.getTime());
    stages.replyingToAnswerMs.push(Date.parse(answer.at) - t.replying.getTime());
  }
  // How long a message was stored after one typed later than it: the inbox's fairness window
  // must outlast this for the first to type to be the first served.
  const byTyping = timings
    .filter((t) => customerOf.has(t.webhook_event_id))
    .map((t) => ({ typed: typedAt.get(customerOf.get(t.webhook_event_id)!)!, stored: t.stored.getTime() }))
    .sort((a, b) => a.typed - b.typed);
  const overtakenMs: number[] = [];
  let earliestLaterStored = Infinity;
  for (const e of byTyping.toReversed()) {
    if (e.stored > earliestLaterStored) overtakenMs.push(e.stored - earliestLaterStored);
    earliestLaterStored = Math.min(earliestLaterStored, e.stored);
  }

  // The webhook's answer as LINE sees it: the sandbox times each delivery it makes.
  const deliveries = (await (await fetch(`${sandboxUrl}/_sandbox/channels/${channelId}/deliveries`)).json()) as {
    durationMs: number;
  }[];
  const answered = [...answersPer.keys()].filter((to) => typedAt.has(to)).length;
  const duplicatedAnswers = [...answersPer.values()].filter((n) => n > 1).length;
  const replies = sent.filter((s) => s.kind === 'reply').length;
  const baseline = await runBareWorkflows(stack.temporal.address, userIds.length, 200);
  const commandsPerSecond = userIds.length / (lastAnsweredMs / 1000);
  return {
    webhook: {
      statuses: Object.fromEntries(statuses),
      latencyMs: stats(deliveries.map((d) => d.durationMs)),
      sendsDoneMs,
      redelivered: redelivered.length,
    },
    answer: {
      latencyMs: stats(answerMs),
      stagesMs: {
        toStored: stats(stages.toStoredMs),
        storedToReplying: stats(stages.storedToReplyingMs),
        replyingToAnswer: stats(stages.replyingToAnswerMs),
      },
      lastAnsweredMs,
      replyShare: round(replies / Math.max(1, sent.length), 3),
      pushes: sent.length - replies,
      commandsPerSecond: round(commandsPerSecond),
    },
    workflows: { started: workflows, everyWorkflowMs },
    guarantees: {
      events: totals!.events,
      orders: totals!.orders,
      expectedOrders: Math.min(userIds.length, stock),
      unitsAllocated: totals!.allocated,
      stockLeft: totals!.stock,
      oversell: Math.max(0, totals!.allocated - stock) + Math.max(0, -totals!.stock),
      lost: userIds.length - answered + Math.max(0, userIds.length - workflows),
      duplicated: duplicatedAnswers + totals!.dup_orders,
      customersAnswered: answered,
    },
    fairness: {
      winnersAmongFirstByLineTimestamp: totals!.winners_first,
      of: Math.min(stock, totals!.orders),
      overtaken: overtakenMs.length,
      overtakenByMs: overtakenMs.length > 0 ? stats(overtakenMs) : null,
    },
    bareWorkflow: baseline,
    ratioToBareWorkflow: round(commandsPerSecond / baseline.workflowsPerSecond, 3),
  };
}

/** What the API servers measured of themselves: each webhook inside the server; how late their event loops ran. */
function serverFigures(probes: ServerProbe[]) {
  return {
    webhookMs: stats(probes.flatMap((p) => p.webhookMs)),
    eventLoopDelayMs: probes.map((p) =>
      p.eventLoopDelayMs
        ? { p50: round(p.eventLoopDelayMs.p50), p99: round(p.eventLoopDelayMs.p99), max: round(p.eventLoopDelayMs.max) }
        : null,
    ),
  };
}

function stats(values: number[]) {
  return {
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    max: round(Math.max(...values)),
  };
}

async function runBareWorkflows(address: string, count: number, inFlight: number) {
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue: 'bench-noop',
    workflowsPath: fileURLToPath(new URL('../bench/noop-workflow.ts', import.meta.url)),
    activities: { async noop() {} },
  });
  const running = worker.run();
  const clientConnection = await Connection.connect({ address });
  const temporal = new Client({ connection: clientConnection });
  const started = performance.now();
  await mapConcurrent(
    Array.from({ length: count }, (_, i) => i),
    inFlight,
    (i) =>
      temporal.workflow.execute('noopWorkflow', { taskQueue: 'bench-noop', workflowId: `noop-${i}-${randomUUID()}` }),
  );
  const elapsedMs = performance.now() - started;
  worker.shutdown();
  await running;
  await clientConnection.close();
  await connection.close();
  return { workflows: count, elapsedMs: round(elapsedMs), workflowsPerSecond: round(count / (elapsedMs / 1000)) };
}
