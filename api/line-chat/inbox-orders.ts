import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { v5 as uuidv5 } from 'uuid';
import { inFlight, mapConcurrent } from '../../domain/concurrency.ts';
import type { Env } from '../../config/env.ts';
import { orderingPausedTenants } from '../../db/billing/subscriptions.ts';
import type { Db } from '../../db/client.ts';
import { ensureCustomersByLineId, findCustomersByLineId, nameCustomers } from '../../db/customers/customers.ts';
import { isCustomerBlocked } from '../../db/customers/customer-follow.ts';
import {
  findInboxRow,
  markDispatched,
  markReplyAttempted,
  recordAnswers,
  recordOrderOutcomes,
  type InboxOrderOutcome,
} from '../../db/line-chat/inbox-orders.ts';
import { findOrderSettings } from '../../db/orders/order-settings.ts';
import { WAITLIST_OFFER_EVENT, type WaitlistOfferEvent } from '../../db/orders/waitlist.ts';
import { placeOrders } from '../../db/orders/place-order.ts';
import { UNKNOWN_CUSTOMER_NAME } from '../../domain/customers/customer-name.ts';
import type { StockCommand } from '../../domain/line-chat/chat-command.ts';
import { chatOrderAnswer } from '../../domain/line-chat/chat-order-answer.ts';
import { withPayLinks } from '../../db/payments/chat-pay-links.ts';
import { reservationHoldMs } from '../../domain/orders/reservation.ts';
import { chatOrderWorkflowId } from '../../domain/workflow-ids.ts';
import { afterSent, deliverAnswer, textWithQuickReply, type Delivery } from '../../integrations/line/deliver-answer.ts';
import { readLineProfile } from '../../integrations/line/read-profile.ts';
import type { TenantLineClients } from '../../integrations/line/tenant-clients.ts';
import type { LineWebhookEvent } from '../../integrations/line/webhook-schema.ts';
import { createEarlierBatchWait } from './earlier-batches.ts';
import { startChatOrder } from './events/start-chat-order.ts';
import { laneCommandOf } from './lane-command.ts';

/** A claimed inbox row, with what an earlier claim of it already did. */
export interface InboxRow {
  id: string;
  tenant_id: string;
  payload: LineWebhookEvent;
  attempts: number;
  order_outcome: InboxOrderOutcome | null;
  reply_attempted_at: Date | null;
  answer_delivery: string | null;
}

/** An answer the lane could not send: the order's workflow sends it (with its retries). */
const LEFT_TO_WORKFLOW = 'left_to_workflow';
const ANSWERS_IN_FLIGHT = 32;
const STARTS_IN_FLIGHT = 8;
const PROFILES_IN_FLIGHT = 32;
/** Batches whose answers may be on their way while the next is placed. */
const ANSWER_BATCHES_IN_FLIGHT = 2;
const PROFILE_WAIT_MS = 2_000;
/** How long answers wait for new customers' names once their orders are placed. */
const NAMES_GRACE_MS = 50;
/** Batches up to this many "+1"s read new customers' names before answering; larger ones leave it to the workflows. */
const NAMES_INLINE_MAX = 10;
/** Workflow starts wait until no "+1" is being placed or answered, nor was for this long... */
const QUIET_MS = 300;
/** ...but never longer than this. */
const MAX_START_DELAY_MS = 5_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
const ANSWER_KEY_NAMESPACE = '4d0c2f55-5c6e-4e0b-9a53-3b1f1c5d9e21';

interface LaneCommand {
  row: InboxRow;
  lineUserId: string;
  command: StockCommand;
  text: string;
  replyToken: string | null;
  messageId: string | null;
  timestamp: number;
  workflowId: string;
}

/** A reservation the inbox made for a waiting customer (db/orders/waitlist.ts): only its workflow to start. */
function waitlistOffer(row: InboxRow): LaneCommand | null {
  const event = row.payload as unknown as WaitlistOfferEvent;
  if (event.type !== WAITLIST_OFFER_EVENT || !row.order_outcome) return null;
  return {
    row,
    lineUserId: event.source.userId,
    command: { kind: 'reserve', target: { type: 'code', code: event.productCode }, quantity: event.quantity },
    text: '候補',
    replyToken: null,
    messageId: null,
    timestamp: event.timestamp,
    workflowId: event.workflowId,
  };
}

/** The row's "+1" lane command (lane-command.ts), with what placing it needs. */
function laneCommand(row: InboxRow): LaneCommand | null {
  const found = laneCommandOf(row.payload);
  if (!found) return null;
  return {
    row,
    ...found,
    timestamp: row.payload.timestamp,
    workflowId: chatOrderWorkflowId(row.tenant_id, row.payload.webhookEventId),
  };
}

/** Starts the workflow of a "+1" the lane placed (once: a second start finds the first). */
function startLaneWorkflow(deps: { db: Db; temporal: Client; env: Env }, c: LaneCommand) {
  return startChatOrder(
    deps.temporal,
    deps.env.TEMPORAL_TASK_QUEUE,
    {
      tenantId: c.row.tenant_id,
      webhookEventId: c.row.payload.webhookEventId,
      lineUserId: c.lineUserId,
      replyToken: c.replyToken,
      command: c.command,
      receivedAtMs: c.timestamp,
      text: c.text,
      ...(c.messageId ? { sourceMessageId: c.messageId } : {}),
      placedByInbox: true,
      workflowId: c.workflowId,
    },
    { db: deps.db },
  );
}

/**
 * Starts now the workflow of an order the lane placed whose start is still queued (a merchant
 * or the customer acted on the order within seconds). False when the inbox did not place it.
 */
export async function startInboxOrderWorkflow(
  deps: { db: Db; temporal: Client; env: Env },
  tenantId: string,
  webhookEventId: string,
): Promise<boolean> {
  let row = await findInboxRow<InboxRow>(deps.db, tenantId, webhookEventId);
  // The inbox is sending its answer right now: started before that is recorded, the workflow
  // would think the answer still owed and push it again. Give the inbox a moment to finish.
  for (
    let wait = 0;
    row?.order_outcome && row.reply_attempted_at && !row.answer_delivery && wait < ANSWER_WAIT_TRIES;
    wait++
  ) {
    await sleep(ANSWER_WAIT_MS);
    row = await findInboxRow<InboxRow>(deps.db, tenantId, webhookEventId);
  }
  const command = row?.order_outcome ? (laneCommand(row) ?? waitlistOffer(row)) : null;
  if (!command) return false;
  await startLaneWorkflow(deps, command);
  return true;
}
const ANSWER_WAIT_MS = 250;
const ANSWER_WAIT_TRIES = 20;
/** The warm-up's reads, one per pooled connection, for a shop that cannot exist. */
const WARM_CONNECTIONS = 8;
const NO_SHOP = '00000000-0000-0000-0000-000000000000';

/**
 * Places a claimed batch's "+1"s and answers them before any workflow starts: per shop one
 * transaction places every order in LINE-timestamp order and records each outcome on its
 * inbox row; then every customer gets their answer (the reply token, free); then each order's
 * workflow starts, a few at a time in the background, and carries on from the recorded
 * outcome (workflows/orders/chat-order/workflow.ts). A crash anywhere is repaired when the
 * row is claimed again: a recorded outcome is not placed again, an answer whose sending began
 * is not sent twice (deliverAnswer's reply_unconfirmed), a started workflow is found by its ID.
 */
export function createInboxOrders(deps: {
  db: Db;
  temporal: Client;
  env: Env;
  log: Logger;
  lineClientFor: TenantLineClients;
}) {
  const { db, log } = deps;
  const answering = inFlight(ANSWER_BATCHES_IN_FLIGHT);
  let starting = Promise.resolve();
  const pendingStarts: LaneCommand[] = [];
  let startsRunning = false;
  /** Batches being placed or answered, and when the last one finished: the burst's pulse. */
  let busy = 0;
  let lastBusyAt = 0;
  const work = async <T>(task: () => Promise<T>): Promise<T> => {
    busy += 1;
    try {
      return await task();
    } finally {
      busy -= 1;
      lastBusyAt = Date.now();
    }
  };
  const bursting = () => busy > 0 || Date.now() - lastBusyAt < QUIET_MS;

  /**
   * First-time customers' LINE profiles, read while a few "+1"s are placed so that the shop
   * sees their names with their first order; a profile LINE is slow to give is read later by
   * the workflow (ensureCustomer).
   */
  async function newCustomerProfiles(tenantId: string, lineUserIds: string[]) {
    const known = await findCustomersByLineId(db, tenantId, lineUserIds);
    const unknown = [...new Set(lineUserIds.filter((id) => !known.has(id)))];
    const profiles = await mapConcurrent(unknown, PROFILES_IN_FLIGHT, (id) =>
      Promise.race([
        readLineProfile(deps.lineClientFor, tenantId, id).catch(() => null),
        sleep(PROFILE_WAIT_MS).then(() => null),
      ]),
    );
    return new Map(unknown.map((id, i) => [id, profiles[i]!]));
  }

  const earlierBatchesPlaced = createEarlierBatchWait(deps);

  async function place(tenantId: string, commands: LaneCommand[]): Promise<void> {
    const fresh = commands.filter((c) => !c.row.order_outcome).sort((a, b) => a.timestamp - b.timestamp);
    if (fresh.length === 0) return;
    const [settings] = await Promise.all([
      findOrderSettings(db, tenantId),
      earlierBatchesPlaced(
        tenantId,
        fresh[0]!.timestamp,
        fresh.map((c) => c.row.id),
      ),
    ]);
    const holdMs = reservationHoldMs(settings.reservationHoldMinutes);
    // A few "+1"s: first-time customers' profiles are read while their orders are placed. In a
    // live sale, a thousand profile calls would hold up the answers: their workflows name them.
    const profiles =
      fresh.length <= NAMES_INLINE_MAX
        ? newCustomerProfiles(
            tenantId,
            fresh.map((c) => c.lineUserId),
          )
        : null;
    await db.$transaction(async (transaction) => {
      const tx = transaction as unknown as Db;
      const lineUserIds = fresh.map((c) => c.lineUserId);
      const customers = await ensureCustomersByLineId(tx, tenantId, lineUserIds, UNKNOWN_CUSTOMER_NAME);
      const placed = await placeOrders(
        tx,
        tenantId,
        fresh.map((c) => ({
          tenantId,
          customerId: customers.get(c.lineUserId)!.id,
          target: c.command.target,
          quantity: c.command.quantity,
          initialStatus: c.command.kind === 'reserve' ? 'pending' : 'confirmed',
          sourceEventId: c.row.payload.webhookEventId,
          sourceMessageId: c.messageId,
          workflowId: c.workflowId,
          placedAt: new Date(c.timestamp),
          actor: `customer:${c.lineUserId}`,
        })),
      );
      const results = await withPayLinks(tx, tenantId, placed, deps.env.PUBLIC_BASE_URL);
      const outcomes = fresh.map((c, i) => {
        const result = results[i]!;
        const reservation =
          c.command.kind === 'reserve' && result.kind === 'placed' ? { expiresAtMs: c.timestamp + holdMs } : null;
        const outcome: InboxOrderOutcome = {
          result,
          customer: customers.get(c.lineUserId)!,
          answer: chatOrderAnswer(result, reservation),
        };
        c.row.order_outcome = outcome;
        return { eventRowId: c.row.id, outcome };
      });
      await recordOrderOutcomes(tx, outcomes);
    });
    if (!profiles) return;
    // The shop sees names with the orders when LINE is quick; otherwise they follow shortly.
    const named = profiles.then((found) => nameCustomers(db, tenantId, found, UNKNOWN_CUSTOMER_NAME));
    const inTime = await Promise.race([named.then(() => true), sleep(NAMES_GRACE_MS).then(() => false)]).catch(
      () => false,
    );
    if (!inTime) named.catch((error: unknown) => log.warn({ err: error, tenantId }, 'naming new customers failed'));
  }

  async function answer(tenantId: string, commands: LaneCommand[]): Promise<void> {
    const owed = commands.filter((c) => c.row.order_outcome && c.row.answer_delivery === null);
    if (owed.length === 0) return;
    await markReplyAttempted(
      db,
      owed.filter((c) => !c.row.reply_attempted_at).map((c) => c.row.id),
    );
    const line = await deps.lineClientFor(tenantId);
    const answered: {
      eventRowId: string;
      orderId: string | null;
      delivery: Delivery | typeof LEFT_TO_WORKFLOW;
      retryKey: string;
    }[] = [];
    await mapConcurrent(owed, ANSWERS_IN_FLIGHT, async (c) => {
      const { answer: text, result } = c.row.order_outcome!;
      const retryKey = uuidv5(`answer:${c.workflowId}`, ANSWER_KEY_NAMESPACE);
      const orderId = result.kind === 'placed' ? result.order.id : null;
      try {
        const delivery = await deliverAnswer(
          line,
          {
            to: c.lineUserId,
            replyToken: c.replyToken,
            messages: [textWithQuickReply(text.text, text.quickReply)],
            retryKey,
          },
          {
            replyFirst: true,
            replyTriedBefore: c.row.reply_attempted_at !== null,
            pushWhenReplyFails: true,
            mayPush: async () => !(await isCustomerBlocked(db, tenantId, c.lineUserId)),
          },
        );
        c.row.answer_delivery = delivery;
        answered.push({ eventRowId: c.row.id, orderId, delivery, retryKey });
      } catch (error) {
        log.warn(
          { err: error, tenantId, webhookEventId: c.row.payload.webhookEventId },
          'inbox answer failed; the workflow answers',
        );
        c.row.answer_delivery = LEFT_TO_WORKFLOW;
        answered.push({ eventRowId: c.row.id, orderId: null, delivery: LEFT_TO_WORKFLOW, retryKey });
      }
    });
    // Retried in place: unrecorded, answers already sent would be pushed again by the workflows.
    await afterSent(() => recordAnswers(db, tenantId, answered));
  }

  /** Workflow starts trail the answers, a few at a time, so they never hold up the next batch. */
  function queueStarts(commands: LaneCommand[]): void {
    pendingStarts.push(...commands);
    if (startsRunning) return;
    startsRunning = true;
    starting = (async () => {
      while (pendingStarts.length > 0) {
        // A burst is answered first: workflows start once it eases off (or every few seconds
        // under sustained load), so Temporal's work does not slow the answers down. One batch
        // may take a second to place under load, so "eased off" means none is in hand.
        const waitingSince = Date.now();
        while (bursting() && Date.now() - waitingSince < MAX_START_DELAY_MS) await sleep(QUIET_MS / 3);
        const batch = pendingStarts.splice(0, 64);
        const started: string[] = [];
        await mapConcurrent(batch, STARTS_IN_FLIGHT, async (c) => {
          try {
            await startLaneWorkflow(deps, c);
            started.push(c.row.id);
          } catch (error) {
            // The row's claim runs out and the next sweep starts it again.
            log.warn(
              { err: error, webhookEventId: c.row.payload.webhookEventId },
              'order workflow start failed; will retry',
            );
          }
        });
        await markDispatched(db, started).catch((error: unknown) =>
          log.warn({ err: error }, 'marking events dispatched failed'),
        );
      }
      startsRunning = false;
    })();
  }

  return {
    /**
     * Takes the lane's commands out of a claimed batch, places and answers them, and queues
     * their workflows; returns the rows left for the per-event handlers.
     */
    async take(batch: InboxRow[]): Promise<InboxRow[]> {
      const rest: InboxRow[] = [];
      const lane = new Map<string, LaneCommand[]>();
      const offers: LaneCommand[] = [];
      for (const row of batch) {
        const offer = waitlistOffer(row);
        if (offer) {
          offers.push(offer);
          continue;
        }
        const command = laneCommand(row);
        if (!command) rest.push(row);
        else lane.set(row.tenant_id, [...(lane.get(row.tenant_id) ?? []), command]);
      }
      if (offers.length > 0) queueStarts(offers);
      // A shop paused for an unpaid subscription takes no orders: its commands go to the
      // per-event handler, which answers that ordering is paused.
      const paused = await orderingPausedTenants(db, [...lane.keys()]);
      for (const tenantId of paused) {
        rest.push(...lane.get(tenantId)!.map((c) => c.row));
        lane.delete(tenantId);
      }
      for (const [tenantId, commands] of lane) {
        try {
          await work(() => place(tenantId, commands));
        } catch (error) {
          // Nothing half-done is lost: the claim runs out and the rows come back.
          log.warn({ err: error, tenantId, events: commands.length }, 'inbox orders failed; will retry');
          continue;
        }
        // The next batch is placed while this one's answers go out.
        await answering.wait();
        answering.add(
          work(() => answer(tenantId, commands))
            .then(() => queueStarts(commands))
            .catch((error: unknown) => log.warn({ err: error, tenantId }, 'inbox answers failed; will retry')),
        );
      }
      return rest;
    },
    /**
     * Connects the pool and runs the lane's reads once, for a shop that does not exist, so that
     * a server's first live sale does not also pay for connecting and first-time query work.
     */
    async warm(): Promise<void> {
      await Promise.all(
        Array.from({ length: WARM_CONNECTIONS }, () =>
          Promise.all([
            findOrderSettings(db, NO_SHOP),
            orderingPausedTenants(db, [NO_SHOP]),
            findCustomersByLineId(db, NO_SHOP, ['U0']),
            findInboxRow(db, NO_SHOP, 'none'),
          ]),
        ),
      ).catch((error: unknown) => log.warn({ err: error }, 'warming the inbox lane failed'));
    },
    /** Waits for answers being sent and workflow starts queued (shutdown). */
    async idle(): Promise<void> {
      await answering.drain();
      while (startsRunning) await starting;
    },
  };
}
export type InboxOrders = ReturnType<typeof createInboxOrders>;
