import { v7 as uuidv7 } from 'uuid';
import { UNKNOWN_CUSTOMER_NAME } from '../../domain/customers/customer-name.ts';
import { chatOrderAnswer } from '../../domain/line-chat/chat-order-answer.ts';
import { reservationHoldMs } from '../../domain/orders/reservation.ts';
import { WAITLIST_OFFER_HEADLINE, type WaitlistJoin } from '../../domain/orders/waitlist.ts';
import { waitlistOfferWorkflowId } from '../../domain/workflow-ids.ts';
import type { Db } from '../client.ts';
import { ensureCustomersByLineId } from '../customers/customers.ts';
import type { InboxOrderOutcome } from '../line-chat/inbox-orders.ts';
import { findOrderSettings } from './order-settings.ts';
import { placeOrders } from './place-order.ts';

/** The inbox row kind that starts a waitlist offer's order workflow (api/line-chat/inbox-orders.ts). */
export const WAITLIST_OFFER_EVENT = 'waitlistOffer';

/** The synthetic inbox event of an offer: what the order workflow's start needs. */
export interface WaitlistOfferEvent {
  type: typeof WAITLIST_OFFER_EVENT;
  webhookEventId: string;
  timestamp: number;
  source: { type: 'user'; userId: string };
  productCode: string;
  quantity: number;
  workflowId: string;
}

/**
 * Joins the product's waitlist (the 「排候補」 postback). The product row is locked, so joins,
 * "+1"s and returning stock for one product take turns; a customer waits once per product,
 * and the same postback delivered again joins nobody twice.
 */
export async function joinWaitlist(
  db: Db,
  input: { tenantId: string; productCode: string; lineUserId: string; quantity: number; eventId: string },
): Promise<WaitlistJoin> {
  return db.$transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const [product] = await tx.$queryRaw<{ id: string; name: string; code: string; stock: number }[]>`
      SELECT id, name, code, stock FROM products
      WHERE tenant_id = ${input.tenantId}::uuid AND code = ${input.productCode} AND is_public AND deleted_at IS NULL
      FOR UPDATE`;
    if (!product) return { kind: 'unknown_product' };
    const position = async (entryId: string) => {
      const [row] = await tx.$queryRaw<{ position: number }[]>`
        SELECT count(*)::int AS position FROM waitlist_entries w, waitlist_entries me
        WHERE me.id = ${entryId}::uuid AND w.tenant_id = me.tenant_id AND w.product_id = me.product_id
          AND w.status = 'waiting' AND (w.joined_at, w.id) <= (me.joined_at, me.id)`;
      return row!.position;
    };
    const [same] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM waitlist_entries
      WHERE tenant_id = ${input.tenantId}::uuid
        AND (joined_event_id = ${input.eventId}
             OR (product_id = ${product.id}::uuid AND line_user_id = ${input.lineUserId} AND status = 'waiting'))
      ORDER BY joined_at LIMIT 1`;
    if (same)
      return { kind: 'already_waiting', position: Math.max(1, await position(same.id)), productName: product.name };
    if (product.stock !== 0) return { kind: 'in_stock', productName: product.name, productCode: product.code };

    const customers = await ensureCustomersByLineId(tx, input.tenantId, [input.lineUserId], UNKNOWN_CUSTOMER_NAME);
    const id = uuidv7();
    await tx.$executeRaw`
      INSERT INTO waitlist_entries (id, tenant_id, product_id, customer_id, line_user_id, quantity, joined_event_id)
      VALUES (${id}::uuid, ${input.tenantId}::uuid, ${product.id}::uuid, ${customers.get(input.lineUserId)!.id}::uuid,
              ${input.lineUserId}, ${input.quantity}, ${input.eventId})`;
    return { kind: 'joined', position: await position(id), productName: product.name };
  });
}

interface WaitingRow {
  id: string;
  customer_id: string;
  display_name: string;
  line_user_id: string;
  quantity: number;
  blocked: boolean;
}

/**
 * Hands stock that came back to the product's waitlist, first come first served, inside the
 * caller's transaction (the one that returned the stock, so no "+1" can take it in between):
 * each waiting customer in turn gets a reservation made for them, and an inbox row that starts
 * its order workflow, which tells them and holds it for the shop's hold window. A customer
 * who blocked the shop is skipped. Returns how many offers were made.
 */
export async function offerToWaitlist(tx: Db, tenantId: string, productIds: string[]): Promise<number> {
  let offers = 0;
  let holdMs: number | undefined;
  for (const productId of new Set(productIds)) {
    for (;;) {
      const [product] = await tx.$queryRaw<{ code: string; stock: number }[]>`
        SELECT code, stock FROM products
        WHERE id = ${productId}::uuid AND tenant_id = ${tenantId}::uuid AND is_public AND deleted_at IS NULL
        FOR UPDATE`;
      if (!product || product.stock === 0) break;
      const [entry] = await tx.$queryRaw<WaitingRow[]>`
        SELECT w.id, w.customer_id, c.display_name, w.line_user_id, w.quantity, c.blocked_at IS NOT NULL AS blocked
        FROM waitlist_entries w JOIN customers c ON c.id = w.customer_id
        WHERE w.tenant_id = ${tenantId}::uuid AND w.product_id = ${productId}::uuid AND w.status = 'waiting'
        ORDER BY w.joined_at, w.id LIMIT 1 FOR UPDATE OF w`;
      if (!entry) break;
      if (entry.blocked) {
        await tx.$executeRaw`UPDATE waitlist_entries SET status = 'skipped', settled_at = now() WHERE id = ${entry.id}::uuid`;
        continue;
      }
      holdMs ??= reservationHoldMs((await findOrderSettings(tx, tenantId)).reservationHoldMinutes);
      await makeOffer(tx, tenantId, product.code, entry, holdMs);
      offers += 1;
    }
  }
  return offers;
}

async function makeOffer(
  tx: Db,
  tenantId: string,
  productCode: string,
  entry: WaitingRow,
  holdMs: number,
): Promise<void> {
  const eventId = `waitlist-${entry.id}`;
  const workflowId = waitlistOfferWorkflowId(tenantId, entry.id);
  const now = Date.now();
  const [result] = await placeOrders(tx, tenantId, [
    {
      tenantId,
      customerId: entry.customer_id,
      target: { type: 'code', code: productCode },
      quantity: entry.quantity,
      initialStatus: 'pending',
      sourceEventId: eventId,
      workflowId,
      placedAt: new Date(now),
      actor: 'system:waitlist',
    },
  ]);
  if (result?.kind !== 'placed') throw new Error(`waitlist offer for ${entry.id} placed no order`);
  const answer = chatOrderAnswer(result, { expiresAtMs: now + holdMs });
  const outcome: InboxOrderOutcome = {
    result,
    customer: { id: entry.customer_id, displayName: entry.display_name },
    answer: { ...answer, text: `${WAITLIST_OFFER_HEADLINE}\n${answer.text}` },
  };
  const event: WaitlistOfferEvent = {
    type: WAITLIST_OFFER_EVENT,
    webhookEventId: eventId,
    timestamp: now,
    source: { type: 'user', userId: entry.line_user_id },
    productCode,
    quantity: entry.quantity,
    workflowId,
  };
  // No reply token: the workflow pushes the offer (answer_delivery says it is its to send).
  await tx.$executeRaw`
    INSERT INTO line_webhook_events (id, tenant_id, webhook_event_id, payload, order_outcome, answer_delivery)
    VALUES (${uuidv7()}::uuid, ${tenantId}::uuid, ${eventId}, ${JSON.stringify(event)}::jsonb,
            ${JSON.stringify(outcome)}::jsonb, 'left_to_workflow')`;
  await tx.$executeRaw`
    UPDATE waitlist_entries SET status = 'offered', offered_order_id = ${result.order.id}::uuid, settled_at = now()
    WHERE id = ${entry.id}::uuid`;
}

/** Who waits for a product, first first (the admin's list). */
export async function listWaitlist(db: Db, tenantId: string, productId: string) {
  return db.waitlistEntry.findMany({
    where: { tenantId, productId, status: 'waiting' },
    orderBy: [{ joinedAt: 'asc' }, { id: 'asc' }],
    select: { id: true, quantity: true, joinedAt: true, customer: { select: { id: true, displayName: true } } },
  });
}

/** The merchant empties a product's waitlist; returns how many left it. */
export async function clearWaitlist(db: Db, tenantId: string, productId: string): Promise<number> {
  return db.$executeRaw`
    UPDATE waitlist_entries SET status = 'cleared', settled_at = now()
    WHERE tenant_id = ${tenantId}::uuid AND product_id = ${productId}::uuid AND status = 'waiting'`;
}
