import { WorkflowNotFoundError } from '@temporalio/client';
import { orderOfPartnerOrder } from '../../db/delivery/bookings.ts';
import {
  claimDeliveryEvents,
  markDeliveryEventDispatched,
  markDeliveryEventFailed,
  type StoredDeliveryEvent,
} from '../../db/delivery/inbox.ts';
import { deliveryDispatchWorkflowId } from '../../domain/workflow-ids.ts';
import { lalamoveEventDataSchema, lalamoveWebhookSchema } from '../../integrations/lalamove/webhook.ts';
import type { DeliveryEventSignal } from '../../workflows/delivery/dispatch-delivery.ts';
import type { ServerDeps } from '../deps.ts';
import { createInboxDispatcher } from '../inbox-dispatcher.ts';
import { partnerApiOf } from './partner-api.ts';

const CLAIM_MS = 30_000;
const BATCH = 50;

/**
 * Hands stored Lalamove events to the dispatch workflow of the order they are about, oldest
 * first. The order is found from Jiayi's booking, or, for a booking whose answer was lost, by
 * reading the partner's order back (its metadata names the shop and the order). An event about
 * an order that is not the shop's, or whose dispatch has ended, is let go; a failed one is
 * retried with backoff, its error kept on the row.
 */
export function createDeliveryInbox(deps: ServerDeps) {
  async function orderOf(event: StoredDeliveryEvent): Promise<string | null> {
    const known = await orderOfPartnerOrder(deps.db, event.tenant_id, event.partner_order_id);
    if (known) return known;
    const api = await partnerApiOf(deps, { id: event.settings_id, tenantId: event.tenant_id });
    if (!api) return null;
    const { metadata } = await api.getOrder(event.partner_order_id);
    const orderId = metadata?.jiayiOrderId;
    return metadata?.jiayiTenantId === event.tenant_id && typeof orderId === 'string' ? orderId : null;
  }

  async function handle(event: StoredDeliveryEvent): Promise<void> {
    const orderId = await orderOf(event);
    if (!orderId) return;
    const envelope = lalamoveWebhookSchema.parse(event.payload);
    const data = lalamoveEventDataSchema.parse(envelope.data);
    const signal: DeliveryEventSignal = {
      eventId: event.event_id,
      eventType: event.event_type,
      partnerOrderId: event.partner_order_id,
      status: event.event_type === 'ORDER_STATUS_CHANGED' ? (data.order.status ?? null) : null,
      driverId: data.driver?.driverId ?? (event.event_type === 'DRIVER_ASSIGNED' ? (data.order.driverId ?? null) : null),
    };
    try {
      await deps.temporal.workflow.getHandle(deliveryDispatchWorkflowId(event.tenant_id, orderId)).signal('deliveryEvent', signal);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }

  return createInboxDispatcher(deps, {
    name: 'Lalamove',
    claim: () => claimDeliveryEvents(deps.db, CLAIM_MS, BATCH),
    handle,
    done: (id) => markDeliveryEventDispatched(deps.db, id),
    failed: (id, backoffMs, error) => markDeliveryEventFailed(deps.db, id, backoffMs, error),
  });
}
