/**
 * Every Temporal workflow ID the app gives a workflow it starts. An ID is behaviour, not a
 * label: a redelivered LINE event or a repeated request starts nothing new because it finds
 * the workflow named by the same ID, and recorded histories and stored orders carry these
 * strings. Never change the shape of one.
 */

/** `order:<tenant>:line:<webhookEventId>` — the chat command's event names its order workflow (one event, one order). */
export function chatOrderWorkflowId(tenantId: string, webhookEventId: string): string {
  return `order:${tenantId}:line:${webhookEventId}`;
}

/**
 * `order:<tenant>:shop:<customer>:<key>` — an order a customer places on the shop's page, named
 * by the key the page made for that submit: a double tap or a retried request finds the same
 * workflow. The customer is part of it, so nobody else's key reaches their order.
 */
export function storefrontOrderWorkflowId(tenantId: string, customerId: string, idempotencyKey: string): string {
  return `order:${tenantId}:shop:${customerId}:${idempotencyKey}`;
}

/** The order row's source for such an order (unique per shop, like a LINE event ID). */
export function storefrontOrderSource(customerId: string, idempotencyKey: string): string {
  return `shop:${customerId}:${idempotencyKey}`;
}

/** `reply:<tenant>:line:<webhookEventId>` — one answer per LINE event. */
export function chatReplyWorkflowId(tenantId: string, webhookEventId: string): string {
  return `reply:${tenantId}:line:${webhookEventId}`;
}

/**
 * `chat:<tenant>:line:<webhookEventId>` — the workflow a LINE event that makes no order
 * starts (【履歷】, follow, unfollow). The event names it, so the event acts once.
 */
export function chatWorkflowId(tenantId: string, webhookEventId: string): string {
  return `chat:${tenantId}:line:${webhookEventId}`;
}

/** `order-message:<tenant>:<requestId>` — one push of a merchant's message per admin request, however often it arrives. */
export function orderMessageWorkflowId(tenantId: string, requestId: string): string {
  return `order-message:${tenantId}:${requestId}`;
}

/** `richmenu:<tenant>` — the workflow that applies a shop's rich menus: one apply at a time per shop. */
export function richMenuWorkflowId(tenantId: string): string {
  return `richmenu:${tenantId}`;
}

/** `richmenu-unlink:<tenant>:<lineUserId>` — gives an unbound member's LINE the customer menu back: one per shop and user. */
export function staffRichMenuUnlinkWorkflowId(tenantId: string, lineUserId: string): string {
  return `richmenu-unlink:${tenantId}:${lineUserId}`;
}

/** `order:<tenant>:waitlist:<entryId>` — the reservation made for a waiting customer (one per waitlist entry). */
export function waitlistOfferWorkflowId(tenantId: string, entryId: string): string {
  return `order:${tenantId}:waitlist:${entryId}`;
}

/**
 * `restaurant-order:<tenant>:<orderId>` — the life of one restaurant order. The order row is
 * made first (in the placing transaction), so its id names the workflow: starting it again for
 * a repeated submit finds the same one.
 */
export function restaurantOrderWorkflowId(tenantId: string, orderId: string): string {
  return `restaurant-order:${tenantId}:${orderId}`;
}

/** The order row's source for a restaurant order: the customer and the page's submitId (one per tap of 送出訂單). */
export function restaurantOrderSource(customerId: string, submitId: string): string {
  return `restaurant:${customerId}:${submitId}`;
}

/** `billing:<tenant>` — a shop's subscription to Jiayi: one workflow per shop follows Stripe's events for it. */
export function billingWorkflowId(tenantId: string): string {
  return `billing:${tenantId}`;
}

/**
 * `print:<tenant>:<orderId>:<printerId>` — an order's tickets on one printer, started by the
 * order's workflow; a reprint from the board adds `:reprint:<requestId>` (one per tap).
 */
export function orderPrintWorkflowId(tenantId: string, orderId: string, printerId: string, reprintId?: string): string {
  const base = `print:${tenantId}:${orderId}:${printerId}`;
  return reprintId ? `${base}:reprint:${reprintId}` : base;
}

/** `ubereats-store:<tenant>:<branch>` — keeps the branch's Uber Eats store (open or paused, its menu) in step. */
export function ubereatsStoreSyncWorkflowId(tenantId: string, branchId: string): string {
  return `ubereats-store:${tenantId}:${branchId}`;
}

/** `ubereats-order:<tenant>:<uberOrderId>` — one workflow per Uber Eats order, however often Uber tells of it. */
export function ubereatsOrderWorkflowId(tenantId: string, uberOrderId: string): string {
  return `ubereats-order:${tenantId}:${uberOrderId}`;
}

/** The order row's source for an Uber Eats order (unique per shop; the board reads the badge from it). */
export function ubereatsOrderSource(uberOrderId: string): string {
  return `ubereats:${uberOrderId}`;
}

export function isUberEatsSource(source: string): boolean {
  return source.startsWith('ubereats:');
}

/** `invoice:<tenant>:<orderId>` — an order's e-invoice, started by the order's workflow: one invoice per order. */
export function orderInvoiceWorkflowId(tenantId: string, orderId: string): string {
  return `invoice:${tenantId}:${orderId}`;
}

/**
 * The restaurant order's own workflow for one of its children (its e-invoice), so what the
 * child flags shows on the order; any other workflow ID is returned as it is.
 */
export function orderWorkflowOf(tenantId: string, workflowId: string): string {
  const prefix = `invoice:${tenantId}:`;
  return workflowId.startsWith(prefix) ? restaurantOrderWorkflowId(tenantId, workflowId.slice(prefix.length)) : workflowId;
}

/** `delivery-dispatch:<tenant>:<orderId>` — the one rider dispatch of a delivery order, child of its order's workflow. */
export function deliveryDispatchWorkflowId(tenantId: string, orderId: string): string {
  return `delivery-dispatch:${tenantId}:${orderId}`;
}

/**
 * `coupon-issue:<tenant>:<coupon>:<requestId>` — 手動發券: one issue and one LINE coupon card per
 * member for each 發券 request, however often it arrives (a double tap, a retried call).
 */
export function couponIssueWorkflowId(tenantId: string, couponId: string, requestId: string): string {
  return `coupon-issue:${tenantId}:${couponId}:${requestId}`;
}
